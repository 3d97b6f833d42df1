import { R1kitError } from '@r1kit/core';
import type { PolicyLossMetrics } from '@r1kit/grpo';
import type { CausalLM } from '@r1kit/lm';
import * as tf from '@tensorflow/tfjs-core';
import { defaultModelExport } from '../checkpoint/export-transformer-model.js';
import { DataOrder, type DataOrderState } from '../data/data-order.js';
import type { StepMetrics } from '../metrics/metrics-log.js';
import { accumulateGradients, computeGradients } from '../train/compute-gradients.js';
import { TrainingLoop } from '../train/training-loop.js';
import { collectGroups } from './collect-groups.js';
import type { GrpoTrainerOptions } from './grpo-config.js';
import { completionLogProbs, grpoLoss } from './grpo-loss.js';
import type { RolloutEngine } from './grpo-types.js';
import { InProcessRolloutEngine } from './in-process-rollout-engine.js';
import { buildPolicyBatch, type PolicyBatch } from './policy-batch.js';
import { type ResolvedGrpoConfig, resolveGrpoConfig } from './resolve-grpo-config.js';
import type { ScoredCompletion } from './score-rollout.js';

/** One micro-batch of an update: rows, tensors and the frozen log-probs. */
interface MicroBatch<Payload> {
  rows: ScoredCompletion<Payload>[];
  batch: PolicyBatch;
  tokens: number;
  oldLogp?: tf.Tensor2D;
  refLogp?: tf.Tensor2D;
}

/**
 * GRPO wired end to end, one generation at a time: rollout (`numGenerations` completions per
 * prompt through a {@link RolloutEngine}), reward (weighted functions, sync or async, null
 * allowed), advantage (group-relative, `@r1kit/grpo`), optional dynamic sampling of
 * zero-variance groups, then `numIterations` passes of clipped-surrogate updates over
 * micro-batches with optional KL to the reference. Logs TRL's metrics per optimiser step to
 * `outputDir/metrics.jsonl`, shows progress, and checkpoints so that `resume` reproduces an
 * uninterrupted run.
 *
 * @typeParam Payload - Per-sample extra data (features, ground truth).
 * @example
 * ```ts
 * import { GrpoTrainer } from '@r1kit/trainer';
 * const trainer = new GrpoTrainer({
 *   model, tokenizer, prompts,
 *   rewardFunctions: [{ name: 'accuracy', compute: accuracyReward }],
 *   numGenerations: 4, perDeviceTrainBatchSize: 8, maxCompletionLength: 64,
 *   learningRate: 1e-4, beta: 0.04, maxSteps: 100, outputDir: 'runs/grpo',
 * });
 * await trainer.train();
 * trainer.dispose();
 * ```
 *
 * @category GRPO
 */
export class GrpoTrainer<Payload = unknown> {
  /** The validated settings. */
  readonly config: ResolvedGrpoConfig;
  private readonly loop: TrainingLoop;
  private readonly order: DataOrder;
  private readonly engine: RolloutEngine<Payload>;
  private readonly padTokenId: number;

  /** Validates options, creates the optimiser and the default rollout engine. */
  constructor(private readonly options: GrpoTrainerOptions<Payload>) {
    this.config = resolveGrpoConfig(options);
    const variables = [...options.model.trainableVariables(), ...(options.extraVariables ?? [])];
    this.loop = new TrainingLoop('GrpoTrainer', variables, options, 1e-6);
    this.order = new DataOrder({ size: options.prompts.length, seed: this.loop.run.seed });
    const eos = options.eosTokenId ?? options.model.config.eosTokenId;
    this.padTokenId =
      options.padTokenId ?? (Array.isArray(eos) ? eos[0] : (eos as number | undefined)) ?? 0;
    this.engine =
      options.rolloutEngine ??
      new InProcessRolloutEngine<Payload>({
        model: options.model,
        tokenizer: options.tokenizer,
        softTokens: options.softTokens,
        seed: this.loop.run.seed,
        eosTokenId: options.eosTokenId,
        padTokenId: this.padTokenId,
        logitsProcessors: options.logitsProcessors,
      });
  }

  /** Optimiser steps done. */
  get step(): number {
    return this.loop.step;
  }

  /**
   * One generation: rollout, reward, advantage, then every optimiser step that uses it
   * (`numIterations * stepsPerGeneration / gradientAccumulationSteps`).
   *
   * @returns The metrics of each optimiser step.
   */
  async trainStep(): Promise<StepMetrics[]> {
    const config = this.config;
    const { kept, metrics: rewardMetrics } = await collectGroups({
      config,
      engine: this.engine,
      nextPrompts: () =>
        this.order.next(config.promptsPerGeneration).map((index) => this.options.prompts[index]!),
      rewardFunctions: this.options.rewardFunctions,
    });
    const microBatches = this.prepareMicroBatches(kept);
    const history: StepMetrics[] = [];
    try {
      const stepsPerIteration = config.stepsPerGeneration / config.gradientAccumulationSteps;
      for (let iteration = 0; iteration < config.numIterations; iteration += 1) {
        for (let index = 0; index < stepsPerIteration; index += 1) {
          if (this.step >= this.loop.run.maxSteps) return history;
          const start = index * config.gradientAccumulationSteps;
          const group = microBatches.slice(start, start + config.gradientAccumulationSteps);
          const metrics = { ...rewardMetrics, ...this.optimizerStep(group) };
          this.loop.record(metrics);
          history.push(metrics);
        }
      }
      return history;
    } finally {
      for (const micro of microBatches)
        tf.dispose([micro.oldLogp, micro.refLogp].filter((t) => t !== undefined));
    }
  }

  /**
   * Trains until `maxSteps` optimiser steps (or `steps` more), checkpointing as configured.
   *
   * @param options - Optional limit on the number of steps of this call.
   * @returns The metrics of every optimiser step run.
   */
  async train(
    options: {
      /** Stop after about this many more steps (whole generations). */ steps?: number;
    } = {},
  ): Promise<StepMetrics[]> {
    const history: StepMetrics[] = [];
    const end = Math.min(
      this.loop.run.maxSteps,
      this.step + (options.steps ?? Number.POSITIVE_INFINITY),
    );
    while (this.step < end) {
      const before = this.step;
      history.push(...(await this.trainStep()));
      const every = this.loop.run.saveSteps;
      const crossed = every > 0 && Math.floor(this.step / every) > Math.floor(before / every);
      if (this.loop.run.outputDir && (crossed || this.step >= this.loop.run.maxSteps))
        await this.saveCheckpoint();
    }
    return history;
  }

  /**
   * Saves a resumable checkpoint (default `outputDir/checkpoint-<step>`): trained variables,
   * optimiser, step, data order and the rollout engine's random state. Call it between
   * generations (as `train` does).
   *
   * @param directory - Target directory.
   * @returns The directory written.
   */
  saveCheckpoint(directory?: string): Promise<string> {
    return this.loop.save(
      directory,
      { dataOrder: this.order.getState(), rollout: this.engine.getState?.() ?? null },
      this.options.exportModel ?? defaultModelExport(this.options.model),
    );
  }

  /**
   * Continues from a checkpoint written by {@link GrpoTrainer.saveCheckpoint}.
   *
   * @param directory - The checkpoint directory.
   */
  async resume(directory: string): Promise<void> {
    const state = await this.loop.load(directory);
    this.order.setState(state.dataOrder as DataOrderState);
    if (state.rollout !== null && state.rollout !== undefined)
      this.engine.setState?.(state.rollout);
  }

  /** Frees the optimiser (not the model). */
  dispose(): void {
    this.loop.dispose();
  }

  private prepareMicroBatches(kept: ScoredCompletion<Payload>[]): MicroBatch<Payload>[] {
    const config = this.config;
    const size = Math.ceil(kept.length / config.stepsPerGeneration);
    const needOld =
      config.numIterations > 1 || config.stepsPerGeneration > config.gradientAccumulationSteps;
    const micro: MicroBatch<Payload>[] = [];
    for (let index = 0; index < config.stepsPerGeneration; index += 1) {
      const rows = kept.slice(index * size, (index + 1) * size);
      if (rows.length === 0) {
        micro.push({
          rows,
          batch: buildPolicyBatch([], { padTokenId: this.padTokenId }),
          tokens: 0,
        });
        continue;
      }
      const batch = buildPolicyBatch(
        rows.map((row) => ({
          promptIds: row.prompt.promptIds,
          completionIds: row.completionIds,
          trained: !(config.maskTruncatedCompletions && row.finishReason === 'length'),
        })),
        { padTokenId: this.padTokenId },
      );
      const tokens = batch.completionMask.reduce(
        (sum, mask) => sum + mask.reduce((a, b) => a + b, 0),
        0,
      );
      const softTokens = () => this.options.softTokens?.(rows.map((row) => row.prompt.payload));
      const scoring = { temperature: config.temperature, softTokens };
      const oldLogp =
        needOld && tokens > 0 ? completionLogProbs(this.options.model, batch, scoring) : undefined;
      const refLogp =
        config.beta > 0 && tokens > 0 ? this.referenceLogProbs(batch, scoring) : undefined;
      micro.push({ rows, batch, tokens, oldLogp, refLogp });
    }
    return micro;
  }

  private referenceLogProbs(
    batch: PolicyBatch,
    scoring: Parameters<typeof completionLogProbs>[2],
  ): tf.Tensor2D {
    const reference = this.options.referenceModel;
    if (reference) return completionLogProbs(reference, batch, scoring);
    const model = this.options.model as CausalLM & { withAdaptersDisabled<T>(fn: () => T): T };
    return model.withAdaptersDisabled(() => completionLogProbs(model, batch, scoring));
  }

  private optimizerStep(group: MicroBatch<Payload>[]): StepMetrics {
    const config = this.config;
    const live = group.filter((micro) => micro.tokens > 0);
    const stepTokens = live.reduce((sum, micro) => sum + micro.tokens, 0);
    if (live.length === 0) return { ...this.loop.skip(), loss: null, num_tokens: 0 };
    let sum: tf.Tensor[] | undefined;
    let loss = 0;
    const collected: Array<{ weight: number; metrics: PolicyLossMetrics }> = [];
    for (const micro of live) {
      const scale =
        config.lossType === 'dapo'
          ? micro.tokens / stepTokens
          : 1 / config.gradientAccumulationSteps;
      const { value, gradients } = computeGradients(this.loop.variables, () => {
        const result = grpoLoss(
          {
            model: this.options.model,
            batch: micro.batch,
            advantages: micro.rows.map((row) => row.advantage),
            oldLogp: micro.oldLogp,
            refLogp: micro.refLogp,
            softTokens: this.options.softTokens?.(micro.rows.map((row) => row.prompt.payload)),
          },
          { ...config, scale },
        );
        collected.push({ weight: micro.tokens, metrics: result.metrics });
        return result.loss;
      });
      loss += value;
      sum = accumulateGradients(sum, gradients);
    }
    const weighted = (pick: (metrics: PolicyLossMetrics) => number | undefined): number | null => {
      const values = collected.map((item) => ({ value: pick(item.metrics), weight: item.weight }));
      if (values.some((item) => item.value === undefined)) return null;
      return values.reduce((total, item) => total + item.value! * item.weight, 0) / stepTokens;
    };
    const metrics: StepMetrics = {
      loss,
      ...this.loop.update(sum!),
      num_tokens: stepTokens,
      entropy: weighted((m) => m.entropy),
      'clip_ratio/low_mean': weighted((m) => m.clipFractionLow),
      'clip_ratio/high_mean': weighted((m) => m.clipFractionHigh),
      'clip_ratio/region_mean': weighted((m) => m.clipFractionRegion),
    };
    if (config.beta > 0) metrics.kl = weighted((m) => m.klMean);
    if (!Number.isFinite(loss)) {
      throw new R1kitError({ code: 'NUMERIC_ERROR', message: `GrpoTrainer: the loss is ${loss}` });
    }
    return metrics;
  }
}
