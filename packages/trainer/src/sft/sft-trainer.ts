import { invalidArgument, requireInteger, type SoftTokenProvider } from '@r1kit/core';
import type { CausalLM } from '@r1kit/lm';
import { buildBatch } from '@r1kit/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { defaultModelExport } from '../checkpoint/export-transformer-model.js';
import { DataOrder, type DataOrderState } from '../data/data-order.js';
import type { StepMetrics } from '../metrics/metrics-log.js';
import { assertTrainingFits } from '../train/assert-training-fits.js';
import { accumulateGradients, computeGradients } from '../train/compute-gradients.js';
import type { OptimizerConfig, TrainingRunOptions } from '../train/optimizer-config.js';
import {
  type TrainCallOptions,
  trainCallEnd,
  yieldToEventLoop,
} from '../train/train-call-options.js';
import { TrainingLoop } from '../train/training-loop.js';
import {
  type CompletionLossOptions,
  completionLoss,
  countScoredTokens,
} from './completion-loss.js';
import type { SftExample } from './sft-example.js';

/**
 * Options of {@link SftTrainer}.
 *
 * @typeParam Payload - Per-sample extra data for the soft-token provider.
 * @category SFT
 */
export interface SftTrainerOptions<Payload = unknown> extends OptimizerConfig, TrainingRunOptions {
  /** The model; its `trainableVariables()` are trained (LoRA weights when adapters are attached). */
  model: CausalLM;
  /** Training examples. */
  examples: ReadonlyArray<SftExample<Payload>>;
  /**
   * More variables to train with the model (multimodal encoder adapters).
   *
   * @defaultValue []
   */
  extraVariables?: readonly tf.Variable[];
  /**
   * Builds soft tokens from the batch's payloads, inside the differentiated function.
   *
   * @defaultValue none
   */
  softTokens?: SoftTokenProvider<Payload>;
  /**
   * Examples per micro-batch (`per_device_train_batch_size`).
   *
   * @defaultValue 8
   */
  batchSize?: number;
  /**
   * Micro-batches per optimiser step; the loss is the token mean over all of them.
   *
   * @defaultValue 1
   */
  gradientAccumulationSteps?: number;
  /**
   * Id used to pad sequences on the right.
   *
   * @defaultValue 0
   */
  padTokenId?: number;
  /**
   * Writes the model into `checkpoint-<step>/model` (for instance `@r1kit/lm`'s savers).
   *
   * @defaultValue `exportTransformerModel(model)` (PEFT adapter or Hugging Face model) for an
   *   `@r1kit/lm` transformer, else none
   */
  exportModel?: (directory: string) => Promise<void>;
  /**
   * Positions per logit chunk of the loss (see {@link CompletionLossOptions}).
   *
   * @defaultValue 64
   */
  chunkSize?: number;
  /**
   * Recompute decoder layers in the backward pass (TRL's `gradient_checkpointing`).
   *
   * @defaultValue false
   */
  gradientCheckpointing?: boolean;
}

/**
 * Supervised fine-tuning (the cold start): masked cross-entropy on completion tokens, seeded
 * shuffled batches, gradient accumulation, AdamW with warm-up + cosine, clipping, JSONL metrics
 * (`loss`, `grad_norm`, `learning_rate`, `epoch`, `num_tokens`), progress, and resumable
 * checkpoints.
 *
 * @typeParam Payload - Per-sample extra data.
 * @example
 * ```ts
 * import { createCausalLM } from '@r1kit/lm';
 * import { SftTrainer } from '@r1kit/trainer';
 * const model = createCausalLM({
 *   config: { modelType: 'qwen2', vocabSize: 64, hiddenSize: 32, intermediateSize: 64,
 *     numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128,
 *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true },
 *   seed: 1,
 * });
 * const examples = [
 *   { inputIds: [5, 6, 7], completionMask: [0, 1, 1] },
 *   { inputIds: [8, 9], completionMask: [0, 1] },
 * ];
 * // Add `outputDir: 'runs/sft'` to write metrics and checkpoints.
 * const trainer = new SftTrainer({ model, examples, maxSteps: 3, batchSize: 2, learningRate: 1e-2 });
 * const history = await trainer.train();
 * history.map((metrics) => metrics.loss); // [4.15, 3.66, 3.22]
 * trainer.dispose();

 * ```
 *
 * @category SFT
 */
export class SftTrainer<Payload = unknown> {
  private readonly loop: TrainingLoop;
  private readonly order: DataOrder;
  private readonly batchSize: number;
  private readonly accumulation: number;
  private readonly padTokenId: number;
  private memoryChecked = false;

  /** Validates options and creates the optimiser. */
  constructor(private readonly options: SftTrainerOptions<Payload>) {
    const name = 'SftTrainer';
    if (!options?.model || typeof options.model.forward !== 'function') {
      throw invalidArgument({
        functionName: name,
        argument: 'options.model',
        received: options?.model,
        expected: 'a CausalLM',
      });
    }
    if (!Array.isArray(options.examples) || options.examples.length === 0) {
      throw invalidArgument({
        functionName: name,
        argument: 'options.examples',
        received: options.examples,
        expected: 'a non-empty array of SftExample',
      });
    }
    this.batchSize = requireInteger({
      functionName: name,
      argument: 'options.batchSize',
      value: options.batchSize ?? 8,
      min: 1,
    });
    this.accumulation = requireInteger({
      functionName: name,
      argument: 'options.gradientAccumulationSteps',
      value: options.gradientAccumulationSteps ?? 1,
      min: 1,
    });
    this.padTokenId = requireInteger({
      functionName: name,
      argument: 'options.padTokenId',
      value: options.padTokenId ?? 0,
      min: 0,
    });
    requireInteger({
      functionName: name,
      argument: 'options.chunkSize',
      value: options.chunkSize ?? 64,
      min: 1,
    });
    buildBatch(options.examples, { padTokenId: this.padTokenId });
    const vocabSize = options.model.config.vocabSize;
    options.examples.forEach((example, index) => {
      if (example.inputIds.length < 2) {
        throw invalidArgument({
          functionName: name,
          argument: `options.examples[${index}].inputIds`,
          received: example.inputIds,
          expected: 'at least 2 token ids (a token to predict and one before it)',
        });
      }
      if (example.inputIds.some((id: number) => id >= vocabSize) || this.padTokenId >= vocabSize) {
        throw invalidArgument({
          functionName: name,
          argument: `options.examples[${index}].inputIds`,
          received: example.inputIds,
          expected: `token ids below the model's vocabSize (${vocabSize}); was the tokenizer trained for this model?`,
        });
      }
    });
    const variables = [...options.model.trainableVariables(), ...(options.extraVariables ?? [])];
    this.loop = new TrainingLoop(name, variables, options, 2e-5);
    this.order = new DataOrder({ size: options.examples.length, seed: this.loop.run.seed });
  }

  /** Optimiser steps done. */
  get step(): number {
    return this.loop.step;
  }

  /**
   * One optimiser step over `batchSize * gradientAccumulationSteps` examples.
   *
   * @returns The step's metrics.
   */
  trainStep(): StepMetrics {
    if (!this.memoryChecked) {
      const examples = this.options.examples;
      const longest = Math.max(...examples.map((example) => example.inputIds.length));
      const firstScored = Math.min(
        ...examples.map((example) => {
          const index = example.completionMask.indexOf(1, 1);
          return index < 0 ? example.inputIds.length - 1 : index;
        }),
      );
      assertTrainingFits({
        trainer: 'SftTrainer',
        model: this.options.model,
        batchSize: this.batchSize,
        sequenceLength: longest,
        completionLength: Math.max(1, longest - Math.max(1, firstScored)),
        chunkSize: this.options.chunkSize ?? 64,
        gradientCheckpointing: this.options.gradientCheckpointing ?? false,
        gradientAccumulationSteps: this.accumulation,
      });
      this.memoryChecked = true;
    }
    const micro = Array.from({ length: this.accumulation }, () =>
      this.order.next(this.batchSize).map((index) => this.options.examples[index]!),
    );
    const batches = micro.map((examples) => ({
      examples,
      batch: buildBatch(examples, { padTokenId: this.padTokenId }),
    }));
    const tokens = batches.reduce((sum, item) => sum + countScoredTokens(item.batch), 0);
    const normalizer = Math.max(1, tokens);
    let sum: tf.Tensor[] | undefined;
    let loss = 0;
    for (const { examples, batch } of batches) {
      const { value, gradients } = computeGradients(this.loop.variables, () =>
        completionLoss(this.options.model, batch, {
          normalizer,
          training: true,
          chunkSize: this.options.chunkSize,
          gradientCheckpointing: this.options.gradientCheckpointing,
          softTokens: this.options.softTokens?.(examples.map((example) => example.payload)),
        }),
      );
      loss += value;
      sum = accumulateGradients(sum, gradients);
    }
    const update = this.loop.update(sum!);
    const metrics: StepMetrics = { loss, ...update, num_tokens: tokens, epoch: this.order.epoch };
    this.loop.record(metrics);
    return metrics;
  }

  /**
   * Trains until `maxSteps` (or `steps` more), saving checkpoints as configured.
   *
   * @param options - Optional limit on the number of steps of this call.
   * @returns The metrics of every step run.
   */
  async train(options: TrainCallOptions = {}): Promise<StepMetrics[]> {
    const history: StepMetrics[] = [];
    const end = trainCallEnd(this.loop.run.maxSteps, this.step, options);
    while (this.step < end) {
      history.push(this.trainStep());
      if (this.loop.checkpointDue()) await this.saveCheckpoint();
      await yieldToEventLoop();
    }
    return history;
  }

  /**
   * Mean completion-token loss over `examples` without updating (for validation).
   *
   * @param examples - Examples to score.
   * @returns Token-mean cross-entropy.
   */
  evaluateLoss(examples: ReadonlyArray<SftExample<Payload>>): number {
    let total = 0;
    let tokens = 0;
    for (let start = 0; start < examples.length; start += this.batchSize) {
      const slice = examples.slice(start, start + this.batchSize);
      const batch = buildBatch(slice, { padTokenId: this.padTokenId });
      const count = countScoredTokens(batch);
      const value = tf.tidy(
        () =>
          completionLoss(this.options.model, batch, {
            normalizer: 1,
            chunkSize: this.options.chunkSize,
            softTokens: this.options.softTokens?.(slice.map((example) => example.payload)),
          }).dataSync()[0]!,
      );
      total += value;
      tokens += count;
    }
    return total / Math.max(1, tokens);
  }

  /**
   * Saves a resumable checkpoint (default `outputDir/checkpoint-<step>`).
   *
   * @param directory - Target directory.
   * @returns The directory written.
   */
  saveCheckpoint(directory?: string): Promise<string> {
    return this.loop.save(
      directory,
      { dataOrder: this.order.getState() },
      this.options.exportModel ?? defaultModelExport(this.options.model),
    );
  }

  /**
   * Continues from a checkpoint: weights, optimiser, step and data order.
   *
   * @param directory - A directory written by {@link SftTrainer.saveCheckpoint}.
   */
  async resume(directory: string): Promise<void> {
    const state = await this.loop.load(directory);
    this.order.setState(state.dataOrder as DataOrderState);
  }

  /** Frees the optimiser (not the model). */
  dispose(): void {
    this.loop.dispose();
  }
}
