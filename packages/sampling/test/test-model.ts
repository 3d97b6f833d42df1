// The models and tokenizer the generation tests run against.
import type { CausalLM } from '@r1kit/lm';
import { createTinyCausalLM } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';

/** End-of-sequence id of the test model. */
export const eosTokenId = 2;

/** The shared tiny model of `@r1kit/test-utils`, resized (vocab 48, width 32, GQA 4/2). */
export function createTestModel(seed = 3): CausalLM {
  return createTinyCausalLM({
    config: {
      vocabSize: 48,
      hiddenSize: 32,
      intermediateSize: 64,
      maxPositionEmbeddings: 128,
      eosTokenId,
    },
    seed,
  });
}

/** A toy tokenizer: token `i` decodes to the letter `a + (i mod 26)`. */
export const letterTokenizer = {
  decode: (ids: number[]) => ids.map((id) => String.fromCharCode(97 + (id % 26))).join(''),
};

/**
 * Recomputes `log_softmax(logits / temperature)` of each completion token with one uncached
 * forward pass over prompt + completion (left-padded prompts, right-padded completions).
 */
export function recomputeLogProbs(
  model: CausalLM,
  prompts: number[][],
  completions: number[][],
  temperature: number,
  softTokens?: { placeholderTokenId: number; embeddings: tf.Tensor3D },
): number[][] {
  const promptLength = Math.max(...prompts.map((p) => p.length));
  const completionLength = Math.max(...completions.map((c) => c.length));
  const ids = prompts.map((prompt, r) => [
    ...new Array(promptLength - prompt.length).fill(0),
    ...prompt,
    ...completions[r]!,
    ...new Array(completionLength - completions[r]!.length).fill(0),
  ]);
  const mask = prompts.map((prompt) => [
    ...new Array(promptLength - prompt.length).fill(0),
    ...new Array(prompt.length + completionLength).fill(1),
  ]);
  const logProbs = tf.tidy(() => {
    const { logits } = model.forward({
      inputIds: tf.tensor2d(ids, undefined, 'int32'),
      attentionMask: tf.tensor2d(mask, undefined, 'int32'),
      softTokens,
    });
    return tf.logSoftmax(tf.div(logits, temperature));
  });
  const values = logProbs.arraySync() as number[][][];
  logProbs.dispose();
  return completions.map((completion, r) =>
    completion.map((token, t) => values[r]![promptLength + t - 1]![token]!),
  );
}
