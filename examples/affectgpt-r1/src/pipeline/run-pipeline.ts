import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { R1kitError, selectBackend } from '@r1kit/core';
import { builtinWheelSet, loadOfficialWheels } from '@r1kit/emotion-wheel';
import { GrpoTrainer, readMetrics, SftTrainer } from '@r1kit/trainer';
import type { RunConfig } from '../cli/run-config.js';
import type { MerSample } from '../data/mer-sample.js';
import { createWheelScorer } from '../eval/wheel-scorer.js';
import { type EvaluationRow, writeReport } from '../report/write-report.js';
import { buildPolicy } from './build-policy.js';
import { evaluatePolicy } from './evaluate-policy.js';
import { grpoTrainerOptions } from './grpo-trainer-options.js';
import { loadPretrainedPolicy } from './load-pretrained-policy.js';
import { loadSplits } from './load-splits.js';
import { referenceSnapshot } from './reference-snapshot.js';
import { prepareRunDirectory } from './run-pipeline-directory.js';
import { planResume } from './run-pipeline-resume.js';
import { sftExamples } from './sft-examples.js';

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

/** Writes one JSON line per test sample: name, truth and the decoded completion. */
async function writeCompletions(
  file: string,
  samples: readonly MerSample[],
  completions: readonly string[],
): Promise<void> {
  const lines = samples.map((sample, index) =>
    JSON.stringify({ name: sample.name, truth: sample.labels, completion: completions[index] }),
  );
  await writeFile(file, `${lines.join('\n')}\n`);
}

/** The saved "after SFT" row, or `undefined` when it is missing or damaged (it is then recomputed). */
async function cachedRow(file: string): Promise<EvaluationRow | undefined> {
  try {
    const row = JSON.parse(await readFile(file, 'utf8')) as EvaluationRow;
    const numbers = [row.scores.f, row.scores.p, row.scores.r, row.formatRate, row.meanLabels];
    return row.stage === 'after SFT' && numbers.every(Number.isFinite) ? row : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs the AffectGPT-R1 recipe for one configuration: data, tokenizer and model, SFT cold start,
 * evaluation, GRPO on the EW reward, the same evaluation again, and the report. With
 * `config.resume` each stage continues from its latest checkpoint in the run directory.
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
  const timings: Record<string, number> = {};
  let clock = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = (timings[name] ?? 0) + (now - clock) / 1000;
    clock = now;
  };
  const backend = await selectBackend({ backend: config.backend, log });
  await prepareRunDirectory({ out: config.out, resume: config.resume, log });
  const resume = config.resume ? await planResume(config) : {};
  const splits = await loadSplits(config);
  const wheels = config.ewResources
    ? await loadOfficialWheels(config.ewResources)
    : builtinWheelSet();
  const scorer = createWheelScorer(
    wheels,
    config.ewResources ? `official wheels (${config.ewResources})` : 'built-in wheels',
  );
  const test = config.evalSamples > 0 ? splits.test.slice(0, config.evalSamples) : splits.test;
  if (test.length === 0 || splits.train.length === 0) {
    throw new R1kitError({
      code: 'INVALID_CONFIG',
      message: `runPipeline: ${splits.train.length} train and ${test.length} test samples; both must be at least 1 (zero scored samples is an error, not a score). Use more data`,
    });
  }
  // Scoring the truth against itself proves, before any training, that the test labels map to
  // the wheels (the scorer refuses zero scored samples).
  scorer.score(test.map((sample) => ({ truth: sample.labels, prediction: sample.labels })));
  log(
    `data: ${splits.train.length} train / ${splits.validation.length} validation / ${test.length} test samples (${config.data ?? `synthetic, seed ${config.seed}`})`,
  );
  lap('data');
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
  const evaluate = (stage: string) =>
    evaluatePolicy(policy, test, {
      stage,
      scorer,
      maxNewTokens: config.maxCompletionLength,
      temperature: config.temperature,
      topP: config.topP,
      seed: config.seed * 7919 + 17,
    });
  const sftDir = path.join(config.out, 'sft');
  const grpoDir = path.join(config.out, 'grpo');
  const resumeGrpo = resume.grpo;
  let reference: ReturnType<typeof referenceSnapshot> | undefined;
  try {
    log(
      `model: vocab ${policy.tokenizer.vocabSize}, ${policy.model.numParameters()} LM parameters (${config.shape.loraRank > 0 ? `LoRA rank ${config.shape.loraRank}` : 'full fine-tuning'}), backend ${backend.name}`,
    );
    lap('model');
    const sft = new SftTrainer<MerSample>({
      model: policy.model,
      examples: sftExamples(policy, splits.train, { think: config.think }),
      extraVariables: policy.adapter.trainableVariables(),
      softTokens: (payloads) => policy.softTokens(payloads, { training: true }),
      batchSize: config.sftBatchSize,
      maxSteps: config.sftSteps,
      learningRate: config.sftLearningRate,
      warmupRatio: 0.1,
      padTokenId: policy.endTokenId,
      seed: config.seed,
      outputDir: sftDir,
      progress,
    });
    try {
      // A GRPO resume loads the final SFT checkpoint too: the policy is then the SFT model again,
      // for the KL reference below and for a lost "after SFT" row.
      if (resume.sft) await sft.resume(resume.sft.path);
      if (!resumeGrpo) await sft.train();
    } finally {
      sft.dispose();
    }
    lap('sft');
    const sftRowFile = path.join(config.out, 'evaluation-sft.json');
    let sftRow = config.resume ? await cachedRow(sftRowFile) : undefined;
    if (sftRow === undefined) {
      const result = await evaluate('after SFT');
      sftRow = result.row;
      await writeCompletions(
        path.join(config.out, 'completions-after-sft.jsonl'),
        test,
        result.completions,
      );
      await writeFile(sftRowFile, JSON.stringify(sftRow));
    }
    if (sftRow)
      log(
        `after SFT:  EW-F ${(100 * sftRow.scores.f).toFixed(2)}  P ${(100 * sftRow.scores.p).toFixed(2)}  R ${(100 * sftRow.scores.r).toFixed(2)}`,
      );
    lap('evaluate');
    // The SFT model is the KL reference: a frozen copy for full fine-tuning, the adapter-disabled
    // base with LoRA. The KL is logged (and plotted) on every run; it enters the loss only when
    // --beta > 0.
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
    const { rewardFunctions, rewardWeights = [] } = grpoOptions;
    const grpo = new GrpoTrainer<MerSample>(grpoOptions);
    try {
      if (resumeGrpo) {
        await grpo.resume(resumeGrpo.path);
        log(`resumed GRPO from ${resumeGrpo.path}`);
      }
      await grpo.train(
        options.stopAfterGrpoSteps === undefined
          ? {}
          : { steps: options.stopAfterGrpoSteps - grpo.step },
      );
      if (options.stopAfterGrpoSteps !== undefined) await grpo.saveCheckpoint();
    } finally {
      grpo.dispose();
    }
    lap('grpo');
    // JSON has no NaN: a metric without a value this step is null (typed as a number, as before).
    const steps = (await readMetrics(path.join(grpoDir, 'metrics.jsonl'))) as Array<
      Record<string, number>
    >;
    if (options.stopAfterGrpoSteps !== undefined) {
      return { out: config.out, evaluation: [], steps };
    }
    const grpoResult = await evaluate('after GRPO');
    const grpoRow = grpoResult.row;
    await writeCompletions(
      path.join(config.out, 'completions-after-grpo.jsonl'),
      test,
      grpoResult.completions,
    );
    log(
      `after GRPO: EW-F ${(100 * grpoRow.scores.f).toFixed(2)}  P ${(100 * grpoRow.scores.p).toFixed(2)}  R ${(100 * grpoRow.scores.r).toFixed(2)}`,
    );
    lap('evaluate');
    const evaluation = [sftRow as EvaluationRow, grpoRow];
    await writeReport(config.out, {
      config,
      command: options.command ?? 'npm start',
      steps,
      evaluation,
      timings,
      notes: [
        `backend: ${backend.name} (${backend.reason})`,
        `metric: level-1 EW F/P/R over the ${wheels.trees.length} ${scorer.name}, MER2026 zero guards; decoding: temperature ${config.temperature}, top-p ${config.topP}, same seed before and after GRPO`,
        `rewards: ${rewardFunctions.map((fn, index) => `${fn.name} x ${rewardWeights[index]}`).join(', ')}; length penalty ${config.lengthPenalty}`,
      ],
    });
    log(`report: ${path.join(config.out, 'report.md')}`);
    return { out: config.out, evaluation, steps };
  } finally {
    reference?.dispose();
    policy.dispose();
  }
}
