import { type MerSample, merSoftTokens } from '@r1kit/datasets';
import type { SftTrainerOptions } from '@r1kit/trainer';
import type { PresetConfig } from '../cli/presets.js';
import type { Policy } from './build-policy.js';
import { sftExamples } from './sft-examples.js';

/**
 * Inputs of {@link sftTrainerOptions}.
 *
 * @category Pipeline
 */
export interface SftTrainerOptionsInput {
  /** Tokenizer, LM and multimodal adapter. */
  policy: Policy;
  /** Training samples (the cold-start targets). */
  train: readonly MerSample[];
  /** The run's settings (a preset, or a full run config). */
  config: PresetConfig & { seed: number };
  /** Where checkpoints and `metrics.jsonl` go; omit to write nothing. */
  outputDir?: string;
  /** Progress output. @defaultValue `true` */
  progress?: boolean;
}

/**
 * The `SftTrainer` options of stage 1 (the cold start): the think/answer targets of the
 * training samples, the LM and the adapter trained together (the adapter with modality
 * dropout), 10% warm-up.
 *
 * @param input - Policy, data, settings and where to write.
 * @returns Options for `new SftTrainer<MerSample>(...)`.
 * @example
 * ```ts
 * const sft = new SftTrainer(sftTrainerOptions({ policy, train, config }));
 * ```
 * @category Pipeline
 */
export function sftTrainerOptions(input: SftTrainerOptionsInput): SftTrainerOptions<MerSample> {
  const { policy, config } = input;
  return {
    model: policy.model,
    examples: sftExamples(policy, input.train, { think: config.think }),
    extraVariables: policy.adapter.trainableVariables(),
    softTokens: merSoftTokens({
      adapter: policy.adapter,
      placeholderTokenId: policy.placeholderTokenId,
      training: true,
    }),
    batchSize: config.sftBatchSize,
    maxSteps: config.sftSteps,
    learningRate: config.sftLearningRate,
    warmupRatio: 0.1,
    padTokenId: policy.endTokenId,
    seed: config.seed,
    outputDir: input.outputDir,
    progress: input.progress ?? true,
  };
}
