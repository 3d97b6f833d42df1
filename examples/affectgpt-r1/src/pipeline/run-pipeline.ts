import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { R1kitError, selectBackend } from '@r1kit/core';
import type { MerSample } from '@r1kit/datasets';
import { builtinWheelSet, loadOfficialWheels } from '@r1kit/emotion-wheel';
import type { TransformerCausalLM } from '@r1kit/lm';
import { GrpoTrainer, readMetrics, SftTrainer } from '@r1kit/trainer';
import type { RunConfig } from '../cli/run-config.js';
import { buildPolicy } from './build-policy.js';
import { type EvaluationRow, evaluatePolicy, scoreLabelLists } from './evaluate-policy.js';
import { grpoTrainerOptions } from './grpo-trainer-options.js';
import { loadPretrainedPolicy } from './load-pretrained-policy.js';
import { loadSplits } from './load-splits.js';
import { writeRecipeReport } from './recipe-report.js';
import { referenceSnapshot } from './reference-snapshot.js';
import { readSftRow, stopwatch, writeCompletions } from './run-files.js';
import { prepareRunDirectory } from './run-pipeline-directory.js';
import { planResume } from './run-pipeline-resume.js';
import { sftTrainerOptions } from './sft-trainer-options.js';

/**
 * Options of {@link runPipeline}.
 *
 * @category Pipeline
 */
export interface RunPipelineOptions {
  /** The command line, recorded in the report. @defaultValue `'npm start'` */
  command?: string;
  /** Where progress lines go. @defaultValue `console.log` */
  log?: (line: string) => void;
  /** Show the trainers' progress bars. @defaultValue true */
  progress?: boolean;
  /** Stop after this many GRPO steps without evaluating (simulates an interrupted run). @defaultValue none */
  stopAfterGrpoSteps?: number;
}

/**
 * What {@link runPipeline} returns.
 *
 * @category Pipeline
 */
export interface PipelineResult {
  /** The run directory. */
  readonly out: string;
  /** The before/after rows (empty when stopped early). */
  readonly evaluation: readonly EvaluationRow[];
  /** Per-step GRPO metrics. */
  readonly steps: ReadonlyArray<Record<string, number>>;
}

/**
 * The AffectGPT-R1 recipe, top to bottom: data, policy (tokenizer, LM, multimodal adapter), SFT
 * cold start, evaluation, GRPO on the emotion-wheel rewards, the same evaluation again, and the
 * report. With `config.resume` each stage continues from its latest checkpoint in the run
 * directory. The CLI (`npm start`) is a thin layer over this function.
 *
 * @param config - The merged run configuration.
 * @param options - See {@link RunPipelineOptions}.
 * @returns The run directory, the table and the GRPO metrics.
 * @example
 * ```ts
 * const request = parseCli(['--preset', 'micro']);
 * if (request.kind === 'run') await runPipeline(request.config);
 * ```
 * @category Pipeline
 */
export async function runPipeline(
  config: RunConfig,
  options: RunPipelineOptions = {},
): Promise<PipelineResult> {
  const log = options.log ?? console.log;
  const progress = options.progress ?? true;
  const { timings, lap } = stopwatch();
  const backend = await selectBackend({ backend: config.backend, log });
  await prepareRunDirectory({ out: config.out, resume: config.resume, log });
  const resume = config.resume ? await planResume(config) : {};

  // 1. Data: the synthetic task (or an OV-MER folder) and the emotion wheels.
  const splits = await loadSplits(config);
  const wheels = config.ewResources
    ? await loadOfficialWheels(config.ewResources)
    : builtinWheelSet();
  const test = config.evalSamples > 0 ? splits.test.slice(0, config.evalSamples) : splits.test;
  if (test.length === 0 || splits.train.length === 0) {
    throw new R1kitError({
      code: 'INVALID_CONFIG',
      message: `runPipeline: ${splits.train.length} train and ${test.length} test samples; both must be at least 1 (zero scored samples is an error, not a score). Use more data`,
    });
  }
  // Scoring the truth against itself proves, before any training, that the labels map to the wheels.
  scoreLabelLists(
    test.map((sample) => sample.labels),
    test.map((sample) => sample.labels),
    { wheels },
  );
  log(
    `data: ${splits.train.length} train / ${splits.validation.length} validation / ${test.length} test samples (${config.data ?? `synthetic, seed ${config.seed}`})`,
  );
  lap('data');

  // 2. Policy: a tiny model trained from scratch, or a pretrained Hugging Face directory.
  const policy =
    config.model === undefined
      ? buildPolicy(splits.train, { shape: config.shape, seed: config.seed })
      : await loadPretrainedPolicy(splits.train, {
          directory: config.model,
          loraRank: config.shape.loraRank,
          seed: config.seed,
          softToken: config.softToken,
          think: config.think,
          log,
        });
  const evaluate = async (stage: string, file: string) => {
    const result = await evaluatePolicy(policy, test, {
      stage,
      wheels,
      maxCompletionLength: config.maxCompletionLength,
      temperature: config.temperature,
      topP: config.topP,
      seed: config.seed * 7919 + 17,
    });
    await writeCompletions(path.join(config.out, file), test, result.completions);
    const { f, precision, recall } = result.row.scores;
    log(`${stage}: EW-F ${pct(f)}  P ${pct(precision)}  R ${pct(recall)}`);
    lap('evaluate');
    return result.row;
  };
  const grpoDir = path.join(config.out, 'grpo');
  let reference: TransformerCausalLM | undefined;
  try {
    log(
      `model: vocab ${policy.tokenizer.vocabSize}, ${policy.model.numParameters()} LM parameters (${config.shape.loraRank > 0 ? `LoRA rank ${config.shape.loraRank}` : 'full fine-tuning'}), backend ${backend.name}`,
    );
    lap('model');

    // 3. SFT cold start. A GRPO resume loads the final SFT checkpoint too, so the policy is the
    // SFT model again for the KL reference and for a lost "after SFT" row.
    const sft = new SftTrainer<MerSample>(
      sftTrainerOptions({
        policy,
        train: splits.train,
        config,
        outputDir: path.join(config.out, 'sft'),
        progress,
      }),
    );
    try {
      if (resume.sft) await sft.resume(resume.sft.path);
      if (!resume.grpo) await sft.train();
    } finally {
      sft.dispose();
    }
    lap('sft');

    // 4. Evaluate the SFT model (kept on disk, so a resumed run reports the same row).
    const sftRowFile = path.join(config.out, 'evaluation-sft.json');
    let sftRow = config.resume ? await readSftRow(sftRowFile) : undefined;
    if (sftRow === undefined) {
      sftRow = await evaluate('after SFT', 'completions-after-sft.jsonl');
      await writeFile(sftRowFile, JSON.stringify(sftRow));
    } else {
      log(`after SFT: EW-F ${pct(sftRow.scores.f)} (saved row)`);
    }

    // 5. GRPO on the EW rewards. The SFT model is the KL reference: a frozen copy for full
    // fine-tuning, the adapter-disabled base with LoRA; the KL is always logged and enters the
    // loss only when beta > 0.
    reference = config.shape.loraRank === 0 ? referenceSnapshot(policy.model) : undefined;
    const grpoOptions = grpoTrainerOptions({
      policy,
      train: splits.train,
      config,
      wheels,
      referenceModel: reference,
      outputDir: grpoDir,
      progress,
    });
    const grpo = new GrpoTrainer<MerSample>(grpoOptions);
    try {
      if (resume.grpo) {
        await grpo.resume(resume.grpo.path);
        log(`resumed GRPO from ${resume.grpo.path}`);
      }
      const stop = options.stopAfterGrpoSteps;
      await grpo.train(stop === undefined ? {} : { steps: stop - grpo.step });
      if (stop !== undefined) await grpo.saveCheckpoint();
    } finally {
      grpo.dispose();
    }
    lap('grpo');
    const steps = (await readMetrics(path.join(grpoDir, 'metrics.jsonl'))) as Array<
      Record<string, number>
    >;
    if (options.stopAfterGrpoSteps !== undefined) return { out: config.out, evaluation: [], steps };

    // 6. Evaluate again with the same decoding, and write the report.
    const evaluation = [sftRow, await evaluate('after GRPO', 'completions-after-grpo.jsonl')];
    await writeRecipeReport({
      config,
      command: options.command ?? 'npm start',
      backend,
      wheels,
      steps,
      evaluation,
      rewards: {
        functions: grpoOptions.rewardFunctions,
        weights: grpoOptions.rewardWeights ?? [],
      },
      timings,
    });
    log(`report: ${path.join(config.out, 'report.md')}`);
    return { out: config.out, evaluation, steps };
  } finally {
    reference?.dispose();
    policy.dispose();
  }
}

const pct = (value: number) => (100 * value).toFixed(2);
