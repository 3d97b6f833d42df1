import type { SoftTokens } from '@r1kit/core';
import { type MerSample, merSoftTokens } from '@r1kit/datasets';
import { AffectGptAdapter } from '@r1kit/encoders';
import { type CausalLMConfig, createCausalLM, type TransformerCausalLM } from '@r1kit/lm';
import { type Tokenizer, trainBpe } from '@r1kit/tokenizer';
import type * as tf from '@tensorflow/tfjs-core';
import type { ModelShape } from '../cli/run-config.js';
import { specialTokens, tokenizerCorpus } from './text-format.js';

/**
 * The trained system: tokenizer, Qwen2-style LM and AffectGPT's multimodal adapter.
 *
 * @category Pipeline
 */
export interface Policy {
  /** BPE tokenizer trained on the corpus, with {@link specialTokens}. */
  readonly tokenizer: Tokenizer;
  /** The language model. */
  readonly model: TransformerCausalLM;
  /** Audio/video features to three soft tokens. */
  readonly adapter: AffectGptAdapter;
  /** Id of `<|soft|>`. */
  readonly placeholderTokenId: number;
  /** Id of `<|end|>` (end of sequence and padding); a pretrained model's eos token. */
  readonly endTokenId: number;
  /**
   * How prompts and cold-start targets are written; absent means the example's own format
   * (`promptText`, `completionText`).
   */
  readonly format?: PolicyTextFormat;
  /** Every trained variable: the LM's (or its LoRA weights) and the adapter's. */
  trainableVariables(): tf.Variable[];
  /**
   * Soft tokens `[samples, 3, hiddenSize]` for a batch; call it inside `tf.tidy` or a gradient
   * function (the result is not kept).
   */
  softTokens(
    samples: ReadonlyArray<MerSample | undefined>,
    options?: { /** Training step (modality dropout). */ training?: boolean },
  ): SoftTokens;
  /** Frees the model and the adapter. */
  dispose(): void;
}

/**
 * How a policy writes its prompts and cold-start targets (a pretrained model uses its chat
 * template and its own eos and placeholder tokens).
 *
 * @category Pipeline
 */
export interface PolicyTextFormat {
  /** The prompt of one sample, with three soft-token placeholders. */
  prompt(sample: Pick<MerSample, 'subtitle'>): string;
  /** The cold-start target of one sample, ending with the end-of-sequence token. */
  completion(
    sample: Pick<MerSample, 'description' | 'labels'>,
    options: { /** Include the think section. */ think: boolean },
  ): string;
}

/**
 * The parts {@link assemblePolicy} wires into a {@link Policy}.
 *
 * @category Pipeline
 */
export interface PolicyParts {
  /** The tokenizer. */
  tokenizer: Tokenizer;
  /** The language model (with its LoRA adapter attached when LoRA is used). */
  model: TransformerCausalLM;
  /** The multimodal adapter, whose hidden size is the model's. */
  adapter: AffectGptAdapter;
  /** Id of the soft-token placeholder. */
  placeholderTokenId: number;
  /** Id of the end-of-sequence (and padding) token. */
  endTokenId: number;
  /** Prompt and target writer. @defaultValue the example's own format */
  format?: PolicyTextFormat;
}

/**
 * Options of {@link buildPolicy}.
 *
 * @category Pipeline
 */
export interface BuildPolicyOptions {
  /** Model size (hidden size, layers, heads, vocabulary, LoRA rank). */
  shape: ModelShape;
  /** Seed of the weights. @defaultValue 0 */
  seed?: number;
}

/**
 * Attaches a LoRA adapter (alpha = 2 x rank) to every attention and MLP projection.
 *
 * @param model - The LM.
 * @param rank - LoRA rank (> 0).
 * @param seed - Seed of the LoRA initialisation.
 * @example
 * ```ts
 * addLora(model, 16, 1);
 * ```
 * @category Pipeline
 */
export function addLora(model: TransformerCausalLM, rank: number, seed: number): void {
  model.addAdapter({
    rank,
    alpha: 2 * rank,
    seed,
    targetModules: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
  });
}

/**
 * The architecture of a from-scratch policy of this shape: a Qwen2-style decoder with a tied
 * head, an MLP twice the residual width and half as many key/value heads as query heads.
 *
 * @param shape - The model shape (its `vocabSize` is the target of the BPE training).
 * @returns The config; `buildPolicy` replaces `vocabSize` with the trained tokenizer's.
 * @example
 * ```ts
 * scratchModelConfig(presets.micro.shape).numKeyValueHeads; // 1
 * ```
 * @category Pipeline
 */
export function scratchModelConfig(shape: ModelShape): CausalLMConfig {
  return {
    modelType: 'qwen2',
    vocabSize: shape.vocabSize,
    hiddenSize: shape.hiddenSize,
    intermediateSize: 2 * shape.hiddenSize,
    numHiddenLayers: shape.layers,
    numAttentionHeads: shape.heads,
    numKeyValueHeads: Math.max(1, shape.heads / 2),
    maxPositionEmbeddings: 512,
    ropeTheta: 10000,
    rmsNormEps: 1e-6,
    tieWordEmbeddings: true,
    attentionBias: true,
  };
}

/**
 * Trains the tokenizer on the training samples and creates the LM and the adapter.
 *
 * @param train - Training samples (tokenizer corpus and feature sizes).
 * @param options - See {@link BuildPolicyOptions}.
 * @returns The policy; call `dispose()` when done.
 * @example
 * ```ts
 * const policy = buildPolicy(splits.train, { shape: presets.micro.shape, seed: 1 });
 * policy.dispose();
 * ```
 * @category Pipeline
 */
export function buildPolicy(train: readonly MerSample[], options: BuildPolicyOptions): Policy {
  const { shape } = options;
  const seed = options.seed ?? 0;
  const tokenizer = trainBpe(tokenizerCorpus(train), {
    vocabSize: shape.vocabSize,
    specialTokens: Object.values(specialTokens),
  });
  const endTokenId = tokenizer.tokenToId(specialTokens.end) as number;
  const placeholderTokenId = tokenizer.tokenToId(specialTokens.soft) as number;
  const config = {
    ...scratchModelConfig(shape),
    vocabSize: tokenizer.vocabSize,
    eosTokenId: endTokenId,
  };
  const model = createCausalLM({ config, seed });
  if (shape.loraRank > 0) addLora(model, shape.loraRank, seed);
  const sample = train[0] as MerSample;
  const adapter = new AffectGptAdapter({
    audioSize: sample.audioShape[1],
    videoSize: sample.videoShape[1],
    hiddenSize: shape.hiddenSize,
    seed,
  });
  return assemblePolicy({ tokenizer, model, adapter, placeholderTokenId, endTokenId });
}

/**
 * Wires a tokenizer, an LM and an adapter into a {@link Policy}: trainable variables (the LM's,
 * or its LoRA factors, plus the adapter's), soft tokens and `dispose`.
 *
 * @param parts - See {@link PolicyParts}; the policy owns the model and the adapter.
 * @returns The policy.
 * @example
 * ```ts
 * const policy = assemblePolicy({ tokenizer, model, adapter, placeholderTokenId: 1, endTokenId: 0 });
 * ```
 * @category Pipeline
 */
export function assemblePolicy(parts: PolicyParts): Policy {
  const { tokenizer, model, adapter, placeholderTokenId, endTokenId, format } = parts;
  return {
    tokenizer,
    model,
    adapter,
    placeholderTokenId,
    endTokenId,
    format,
    trainableVariables: () => [...model.trainableVariables(), ...adapter.trainableVariables()],
    softTokens: (samples, softOptions = {}) =>
      merSoftTokens({ adapter, placeholderTokenId, training: softOptions.training })(samples),
    dispose: () => {
      model.dispose();
      adapter.dispose();
    },
  };
}
