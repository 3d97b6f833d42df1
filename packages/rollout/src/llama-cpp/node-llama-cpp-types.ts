/**
 * The part of `node-llama-cpp` (version 3) that {@link LlamaCppRolloutEngine} uses, so that the
 * package stays an optional peer: pass the imported module, or let the engine import it.
 *
 * @category llama.cpp
 */
export interface NodeLlamaCppModule {
  /** Loads llama.cpp's native binding. */
  getLlama(options: {
    gpu: false;
    build: 'never';
    logLevel: 'error';
    maxThreads?: number;
  }): Promise<NodeLlama>;
}

/** `node-llama-cpp`'s `Llama`. */
export interface NodeLlama {
  /** Cores llama.cpp uses for its math (physical cores). */
  readonly cpuMathCores: number;
  /** Loads a GGUF model. */
  loadModel(options: { modelPath: string }): Promise<NodeLlamaModel>;
  /** Frees the binding. */
  dispose(): Promise<void>;
}

/** `node-llama-cpp`'s `LlamaModel`. */
export interface NodeLlamaModel {
  /** Creates a context of `sequences` parallel sequences. */
  createContext(options: {
    contextSize: number;
    sequences: number;
    batchSize?: number;
    threads?: number;
    experimentalKvCacheKeyType?: 'F32' | 'F16';
    experimentalKvCacheValueType?: 'F32' | 'F16';
    flashAttention?: boolean;
    lora?: { adapters: Array<{ filePath: string; scale?: number }> };
  }): Promise<NodeLlamaContext>;
  /** Frees the model (and the LoRA adapters loaded on it). */
  dispose(): Promise<void>;
}

/** `node-llama-cpp`'s `LlamaContext`. */
export interface NodeLlamaContext {
  /** Takes one of the context's free sequences. */
  getSequence(): NodeLlamaSequence;
  /** Frees the context. */
  dispose(): Promise<void>;
}

/** One token sampled by `evaluateWithMetadata` with `confidence`. */
export interface NodeLlamaSampledToken {
  /** The token id. */
  token: number;
  /** Its probability under the sampling distribution (after temperature, top-k, top-p). */
  confidence: number;
}

/** Sampling settings of `evaluate` and `evaluateWithMetadata`. */
export interface NodeLlamaSamplingOptions {
  /** Temperature (0: greedy). */
  temperature: number;
  /** Top-k (0: off). */
  topK: number;
  /** Nucleus mass (1: off). */
  topP: number;
  /** Min-p (0: off). */
  minP: number;
  /** The sampler's seed. */
  seed: number;
  /** Whether an end-of-generation token is yielded before the generator ends. */
  yieldEogToken: boolean;
}

/** `node-llama-cpp`'s `LlamaContextSequence`. */
export interface NodeLlamaSequence {
  /** Evaluates `tokens`, then samples one token per step of the returned generator. */
  evaluate(tokens: number[], options: NodeLlamaSamplingOptions): AsyncGenerator<number, void, void>;
  /** {@link NodeLlamaSequence.evaluate}, with each token's probability under the sampler. */
  evaluateWithMetadata(
    tokens: number[],
    metadata: { confidence: true },
    options: NodeLlamaSamplingOptions,
  ): AsyncGenerator<NodeLlamaSampledToken, void, void>;
  /** Forgets the sequence's tokens. */
  clearHistory(): Promise<void>;
  /** Returns the sequence to its context. */
  dispose(): void;
}
