import { defaultModelExport } from '../checkpoint/export-transformer-model.js';
import { DataOrder, type DataOrderState } from '../data/data-order.js';
import type { StepMetrics } from '../metrics/metrics-log.js';
import { assertTrainingFits } from '../train/assert-training-fits.js';
import { type TrainCallOptions, trainCallEnd } from '../train/train-call-options.js';
import { TrainingLoop } from '../train/training-loop.js';
import { accumulatePolicyGradients } from './accumulate-policy-gradients.js';
import { type CollectedGroups, collectGroups } from './collect-groups.js';
import type { GrpoTrainerOptions } from './grpo-config.js';
import { isRolloutEngine } from './grpo-option-keys.js';
import type { RolloutEngine } from './grpo-types.js';
import { InProcessRolloutEngine } from './in-process-rollout-engine.js';
import {
  disposeMicroBatches,
  type MicroBatch,
  prepareMicroBatches,
  type UpdateContext,
} from './micro-batches.js';
import { type ResolvedGrpoConfig, resolveGrpoConfig } from './resolve-grpo-config.js';

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
 * import { createCausalLM } from '@r1kit/lm';
 * import { GrpoTrainer } from '@r1kit/trainer';
 * const model = createCausalLM({
 *   config: {
 *     modelType: 'qwen2', vocabSize: 16, hiddenSize: 8, intermediateSize: 16, numHiddenLayers: 1,
 *     numAttentionHeads: 2, numKeyValueHeads: 1, maxPositionEmbeddings: 32, ropeTheta: 10000,
 *     rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true, eosTokenId: 2,
 *   },
 *   seed: 0,
 * });
 * model.addAdapter({ rank: 2, alpha: 4, targetModules: ['q_proj', 'v_proj'] });
 * const trainer = new GrpoTrainer({
 *   model,
 *   prompts: [{ promptIds: [1, 5, 9] }, { promptIds: [1, 6, 9] }],
 *   // Reward completions that say token 7.
 *   rewardFunctions: [{ name: 'sevens', compute: ({ completionIds }) => completionIds.map((ids) => ids.filter((id) => id === 7).length) }],
 *   loss: { beta: 0.04, epsilonHigh: 0.28, lossType: 'dapo' },
 *   numGenerations: 4, perDeviceTrainBatchSize: 8, maxCompletionLength: 4,
 *   learningRate: 1e-2, maxSteps: 1, progress: false,
 * });
 * const [metrics] = await trainer.train();
 * console.log(metrics?.reward, metrics?.kl);
 * trainer.dispose();
 * model.dispose();
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
  private memoryChecked = false;
  /** The rollout requested one generation ahead (`maxStaleness`), and the data order before it. */
  private pending?: { groups: Promise<CollectedGroups<Payload>>; orderState: DataOrderState };

  /** Validates options, creates the optimiser and the default rollout engine. */
  constructor(private readonly options: GrpoTrainerOptions<Payload>) {
    this.config = resolveGrpoConfig(options);
    const variables = [...options.model.trainableVariables(), ...(options.extraVariables ?? [])];
    this.loop = new TrainingLoop('GrpoTrainer', variables, options, 1e-6);
    this.order = new DataOrder({ size: options.prompts.length, seed: this.loop.run.seed });
    const rollout = options.rollout;
    const inProcess = isRolloutEngine(rollout) ? undefined : (rollout ?? {});
    const eos = inProcess?.eosTokenId ?? options.model.config.eosTokenId;
    this.padTokenId =
      options.padTokenId ?? (Array.isArray(eos) ? eos[0] : (eos as number | undefined)) ?? 0;
    this.engine = inProcess
      ? new InProcessRolloutEngine<Payload>({
          ...inProcess,
          model: options.model,
          seed: this.loop.run.seed,
          padTokenId: this.padTokenId,
        })
      : (rollout as RolloutEngine<Payload>);
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
    if (!this.memoryChecked) {
      const options = this.options;
      const longestPrompt = Math.max(...options.prompts.map((prompt) => prompt.promptIds.length));
      assertTrainingFits({
        trainer: 'GrpoTrainer',
        model: options.model,
        batchSize: config.perDeviceTrainBatchSize,
        sequenceLength: longestPrompt + config.maxCompletionLength,
        completionLength: config.maxCompletionLength,
        ...(isRolloutEngine(options.rollout)
          ? {}
          : { generationBatchSize: config.promptsPerGeneration * config.numGenerations }),
        chunkSize: config.chunkSize,
        gradientCheckpointing: config.gradientCheckpointing,
        gradientAccumulationSteps: config.gradientAccumulationSteps,
      });
      this.memoryChecked = true;
    }
    const pending = this.pending;
    this.pending = undefined;
    const { kept, metrics: rewardMetrics, softTokens } = await (pending?.groups ?? this.collect());
    const stepsPerIteration = config.stepsPerGeneration / config.gradientAccumulationSteps;
    const stepsNow = Math.min(
      config.numIterations * stepsPerIteration,
      this.loop.run.maxSteps - this.step,
    );
    if (config.maxStaleness > 0 && this.step + stepsNow < this.loop.run.maxSteps) {
      // One generation ahead: the next rollout samples the current policy while this one trains.
      const orderState = this.order.getState();
      const groups = this.collect();
      groups.catch(() => undefined); // surfaced when the next step awaits it
      this.pending = { groups, orderState };
      await new Promise((resolve) => setTimeout(resolve, 0)); // let the request go out
    }
    let microBatches: MicroBatch<Payload>[];
    try {
      microBatches = prepareMicroBatches(kept, this.updateContext(), softTokens);
    } finally {
      softTokens?.embeddings.dispose();
    }
    const history: StepMetrics[] = [];
    try {
      for (let iteration = 0; iteration < config.numIterations; iteration += 1) {
        for (let index = 0; index < stepsPerIteration; index += 1) {
          if (this.step >= this.loop.run.maxSteps) return history;
          const start = index * config.gradientAccumulationSteps;
          const group = microBatches.slice(start, start + config.gradientAccumulationSteps);
          const metrics = { ...rewardMetrics, ...this.optimizerStep(group) };
          this.loop.record(metrics);
          history.push(metrics);
          await this.engine.onPolicyUpdate?.({ step: this.step });
        }
      }
      return history;
    } finally {
      disposeMicroBatches(microBatches);
    }
  }

  /**
   * Trains until `maxSteps` optimiser steps (or `steps` more), checkpointing as configured.
   *
   * @param options - Optional limit on the number of steps of this call.
   * @returns The metrics of every optimiser step run.
   */
  async train(options: TrainCallOptions = {}): Promise<StepMetrics[]> {
    const history: StepMetrics[] = [];
    const end = trainCallEnd(this.loop.run.maxSteps, this.step, options);
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
      {
        dataOrder: this.pending?.orderState ?? this.order.getState(),
        rollout: this.engine.getState?.() ?? null,
      },
      this.options.exportModel ?? defaultModelExport(this.options.model),
    );
  }

  /**
   * Continues from a checkpoint written by {@link GrpoTrainer.saveCheckpoint}.
   *
   * @param directory - The checkpoint directory.
   */
  async resume(directory: string): Promise<void> {
    this.dropPending();
    const state = await this.loop.load(directory);
    this.order.setState(state.dataOrder as DataOrderState);
    if (state.rollout !== null && state.rollout !== undefined)
      this.engine.setState?.(state.rollout);
  }

  /** Frees the optimiser (not the model) and the soft tokens of a prefetched rollout. */
  dispose(): void {
    this.loop.dispose();
    this.dropPending();
  }

  /** Forgets a prefetched rollout (its soft tokens are freed when it arrives). */
  private dropPending(): void {
    this.pending?.groups.then(
      (groups) => groups.softTokens?.embeddings.dispose(),
      () => undefined,
    );
    this.pending = undefined;
  }

  /** Samples and scores one generation's groups. */
  private collect(): Promise<CollectedGroups<Payload>> {
    const config = this.config;
    return collectGroups({
      config,
      engine: this.engine,
      nextPrompts: () =>
        this.order.next(config.promptsPerGeneration).map((index) => this.options.prompts[index]!),
      rewardFunctions: this.options.rewardFunctions,
      softTokens: this.options.softTokens,
    });
  }

  private optimizerStep(group: MicroBatch<Payload>[]): StepMetrics {
    const result = accumulatePolicyGradients(group, this.loop.variables, this.updateContext());
    if (!result) return { loss: null, ...this.loop.skip(), num_tokens: 0 };
    const { loss, ...rest } = result.metrics;
    return { loss: loss ?? null, ...this.loop.update(result.gradients), ...rest };
  }

  private updateContext(): UpdateContext<Payload> {
    return {
      config: this.config,
      model: this.options.model,
      referenceModel: this.options.referenceModel,
      softTokens: this.options.softTokens,
      rebuildSoftTokens: (this.options.extraVariables?.length ?? 0) > 0,
      padTokenId: this.padTokenId,
    };
  }
}
