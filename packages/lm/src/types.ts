import type { SoftTokens } from '@r1kit/core';
import type { Tensor, Tensor2D, Tensor3D, Variable } from '@tensorflow/tfjs-core';
import type { ArchitectureFeatures, ModelType } from './config/architecture.js';
import type { MemoryEstimate, MemoryWork } from './memory/estimate-memory.js';

/**
 * The architecture of a Qwen2/Qwen3/LLaMA/Gemma 3 decoder, as read from a Hugging Face
 * `config.json` (snake_case there, camelCase here); the optional {@link ArchitectureFeatures}
 * carry what the newer families add.
 *
 * @category Model
 */
export interface CausalLMConfig extends ArchitectureFeatures {
  /** `model_type` in `config.json`. */
  modelType: ModelType;
  /** Vocabulary size (rows of the embedding matrix). */
  vocabSize: number;
  /** Width of the residual stream. */
  hiddenSize: number;
  /** Width of the SwiGLU MLP. */
  intermediateSize: number;
  /** Number of decoder layers. */
  numHiddenLayers: number;
  /** Number of query heads. */
  numAttentionHeads: number;
  /** Number of key/value heads (grouped-query attention); equals `numAttentionHeads` for MHA. */
  numKeyValueHeads: number;
  /** Longest sequence the rotary table covers. */
  maxPositionEmbeddings: number;
  /** Rotary embedding base. */
  ropeTheta: number;
  /** RMSNorm epsilon. */
  rmsNormEps: number;
  /** Whether the output head shares the token embedding matrix. */
  tieWordEmbeddings: boolean;
  /** Whether q/k/v projections have a bias (true for Qwen2). */
  attentionBias: boolean;
  /** Beginning-of-sequence token id, if the model has one. */
  bosTokenId?: number;
  /** End-of-sequence token id(s). */
  eosTokenId?: number | number[];
}

/**
 * Per-layer key/value tensors of past positions, shaped `[batch, numKeyValueHeads, pastLength,
 * headDim]`. Owned by the caller once returned: dispose it (or pass it back to `forward`, which
 * returns a new cache and leaves the old one to the caller).
 *
 * @category Model
 */
export interface KVCache {
  /** One entry per decoder layer. */
  readonly layers: ReadonlyArray<{ readonly key: Tensor; readonly value: Tensor }>;
  /** Number of past positions held (including left padding). */
  readonly length: number;
  /** Frees every tensor of the cache. */
  dispose(): void;
}

/**
 * Inputs of {@link CausalLM.forward}.
 *
 * @category Model
 */
export interface ForwardInputs {
  /** `[batch, time]` int32 token ids. */
  inputIds: Tensor2D;
  /**
   * `[batch, pastLength + time]` with 1 for real tokens and 0 for padding. Positions are
   * `cumsum(mask) - 1`, so left-padded prompts get the same positions as unpadded ones.
   *
   * @defaultValue all ones
   */
  attentionMask?: Tensor2D;
  /** Embeddings to use instead of looking up `inputIds` (`[batch, time, hiddenSize]`). */
  inputsEmbeds?: Tensor3D;
  /** Soft tokens that replace placeholder embeddings. */
  softTokens?: SoftTokens;
  /** Cache from a previous call; the new tokens attend to it. */
  pastKeyValues?: KVCache;
  /**
   * Whether to return the updated cache.
   *
   * @defaultValue false
   */
  useCache?: boolean;
  /**
   * Whether dropout (LoRA dropout) is active.
   *
   * @defaultValue false
   */
  training?: boolean;
  /**
   * Recompute each decoder layer's activations in the backward pass instead of keeping them
   * (TRL's `gradient_checkpointing`): under a gradient tape only each layer's input is kept, at the
   * cost of one more forward pass. Ignored without a tape and with `useCache`.
   *
   * @defaultValue false
   */
  gradientCheckpointing?: boolean;
  /**
   * With `gradientCheckpointing`: also keep each layer's products of frozen weights (the base
   * weights under LoRA) from the forward pass, so that the recomputation in the backward pass
   * skips them: a third fewer products in a LoRA step, for `tokens x (sum of the projections'
   * output widths)` floats per layer more (`estimateMemory`'s `keepFrozenProducts`).
   *
   * @defaultValue false
   */
  keepFrozenProducts?: boolean;
}

/**
 * Outputs of {@link CausalLM.forward}.
 *
 * @category Model
 */
export interface ForwardOutputs {
  /** `[batch, time, vocabSize]` float32 logits. */
  logits: Tensor3D;
  /** The cache including the new positions, when `useCache` was true. */
  pastKeyValues?: KVCache;
}

/**
 * A causal language model: what generation, log-probabilities and trainers need.
 *
 * @category Model
 */
export interface CausalLM {
  /** The architecture. */
  readonly config: CausalLMConfig;
  /** Runs the decoder. Synchronous: call it inside `tf.tidy` or `tf.variableGrads` as needed. */
  forward(inputs: ForwardInputs): ForwardOutputs;
  /** Variables the optimiser updates (LoRA weights when adapters are attached, else all). */
  trainableVariables(): Variable[];
  /** Frees every weight. */
  dispose(): void;
  /**
   * Runs the decoder without the output head (optional). With {@link CausalLM.logitsFromHidden}
   * it lets `sequenceLogProbs` compute logits a few positions at a time.
   */
  forwardHidden?(inputs: ForwardInputs): HiddenOutputs;
  /** Applies the output head to `[batch, time, hiddenSize]` hidden states (optional). */
  logitsFromHidden?(hiddenStates: Tensor3D): Tensor3D;
  /**
   * Whether adapters (LoRA) are attached (optional; absent means none). With adapters,
   * {@link CausalLM.withAdaptersDisabled} runs the frozen base, which trainers use as the KL
   * reference without a second copy of the weights.
   */
  readonly hasAdapters?: boolean;
  /**
   * Runs `fn` with the adapters disabled and restores them afterwards, even on error (optional:
   * models that can carry adapters implement it).
   *
   * @param fn - Work against the frozen base (e.g. reference log-probabilities).
   * @returns What `fn` returns.
   */
  withAdaptersDisabled?<T>(fn: () => T): T;
  /**
   * Writes the model into `directory` in its native format (optional): for `@r1kit/lm`
   * transformers the PEFT adapter (`adapter_config.json`, `adapter_model.safetensors`) when one
   * is attached, else the Hugging Face model (`config.json`, `model.safetensors`). Trainers use
   * it as the default model export of checkpoints.
   *
   * @param directory - Target directory (created when missing).
   */
  saveModel?(directory: string): Promise<void>;
  /**
   * The output head's weight and layout (optional): lets `sequenceLogProbs` compute chunked
   * log-probabilities with a custom gradient that recomputes each chunk's logits in the backward
   * pass instead of keeping them.
   */
  outputHead?(): OutputHead;
  /**
   * Estimates the peak tensor memory of `work` on this model (optional): its architecture and
   * attached adapter with `estimateMemory`'s formulas. Trainers use it to refuse, before any
   * work, a step that would not fit in the backend's memory.
   *
   * @param work - Batch, lengths, mode, chunk size, checkpointing.
   * @returns Bytes by part and the total.
   */
  estimateMemory?(work: MemoryWork): MemoryEstimate;
}

/**
 * The output head of a causal LM: `logits = hidden W^T` for a `[vocab, hidden]` weight (a tied
 * embedding), `hidden W` for a `[hidden, vocab]` one (an untied `lm_head` stored transposed).
 *
 * @category Model
 */
export interface OutputHead {
  /** The head weight, `[vocab, hidden]` when `vocabMajor`, else `[hidden, vocab]`. */
  weight: Tensor2D;
  /** Whether `weight` is laid out `[vocab, hidden]`. */
  vocabMajor: boolean;
}

/**
 * Outputs of {@link CausalLM.forwardHidden}: the decoder's final (normalised) hidden states.
 *
 * @category Model
 */
export interface HiddenOutputs {
  /** `[batch, time, hiddenSize]` hidden states after the final RMSNorm. */
  hiddenStates: Tensor3D;
  /** The cache including the new positions, when `useCache` was true. */
  pastKeyValues?: KVCache;
}
