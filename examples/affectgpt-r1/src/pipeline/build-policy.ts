import { AffectGptAdapter } from '@r1kit/encoders';
import {
  type CausalLMConfig,
  createCausalLM,
  type SoftTokens,
  type TransformerCausalLM,
} from '@r1kit/lm';
import { type Tokenizer, trainBpe } from '@r1kit/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import type { ModelShape } from '../cli/run-config.js';
import type { MerSample } from '../data/mer-sample.js';
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
  /** Id of `<|end|>` (end of sequence and padding). */
  readonly endTokenId: number;
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

function featureTensor(
  samples: ReadonlyArray<MerSample | undefined>,
  key: 'audio' | 'video',
): tf.Tensor3D {
  const first = samples.find((sample) => sample !== undefined);
  const [steps, dim] = first ? first[key === 'audio' ? 'audioShape' : 'videoShape'] : [1, 1];
  const data = new Float32Array(samples.length * steps * dim);
  samples.forEach((sample, index) => {
    if (sample !== undefined) data.set(sample[key], index * steps * dim);
  });
  return tf.tensor3d(data, [samples.length, steps, dim]);
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
  const config: CausalLMConfig = {
    modelType: 'qwen2',
    vocabSize: tokenizer.vocabSize,
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
    eosTokenId: endTokenId,
  };
  const model = createCausalLM({ config, seed });
  if (shape.loraRank > 0)
    model.addAdapter({
      rank: shape.loraRank,
      alpha: 2 * shape.loraRank,
      seed,
      targetModules: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
    });
  const sample = train[0] as MerSample;
  const adapter = new AffectGptAdapter({
    audioSize: sample.audioShape[1],
    videoSize: sample.videoShape[1],
    hiddenSize: shape.hiddenSize,
    seed,
  });
  return {
    tokenizer,
    model,
    adapter,
    placeholderTokenId,
    endTokenId,
    trainableVariables: () => [...model.trainableVariables(), ...adapter.trainableVariables()],
    softTokens: (samples, softOptions = {}) => ({
      placeholderTokenId,
      embeddings: tf.tidy(() =>
        adapter.apply(
          { audio: featureTensor(samples, 'audio'), video: featureTensor(samples, 'video') },
          { training: softOptions.training ?? false },
        ),
      ),
    }),
    dispose: () => {
      model.dispose();
      adapter.dispose();
    },
  };
}
