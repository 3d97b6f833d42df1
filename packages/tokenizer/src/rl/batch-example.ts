import { invalidArgument } from '@r1kit/core';
import { checkIds } from './id-rows.js';

/**
 * One training example: prompt ids followed by completion ids; the loss is taken on every
 * completion token.
 *
 * @category RL
 */
export interface PromptCompletion {
  /** The prompt (chat-templated) token ids, as an array or a typed array. */
  promptIds: ArrayLike<number>;
  /** The completion token ids, as an array or a typed array; the loss is taken on these only. */
  completionIds: ArrayLike<number>;
}

/**
 * One training example already laid out as a single sequence, with a per-token loss mask: the
 * form of multi-turn data, where the turns that are not trained sit between trained ones.
 *
 * @category RL
 */
export interface MaskedSequence {
  /** The prompt followed by the completion, as an array or a typed array of token ids. */
  inputIds: ArrayLike<number>;
  /**
   * Same length as `inputIds`: 1 on the tokens the loss is taken on, 0 on the others (the
   * prompt, and untrained turns). The tokens before the first 1 are the prompt.
   */
  completionMask: ArrayLike<number>;
}

/** An example split at its first trained token. @internal */
export interface SplitExample {
  /** Ids before the first trained token. */
  prompt: number[];
  /** Ids from the first trained token on. */
  completion: number[];
  /** The loss mask of `completion` (0/1). */
  completionMask: number[];
}

/**
 * Validates one example of either form and splits it into prompt, completion and the
 * completion's loss mask.
 *
 * @param functionName - The public function, for the error message.
 * @param example - The example.
 * @param index - Its position, for the error message.
 * @returns The split example (fresh arrays).
 * @internal
 */
export function splitExample(
  functionName: string,
  example: PromptCompletion | MaskedSequence,
  index: number,
): SplitExample {
  if (example === null || typeof example !== 'object' || !('inputIds' in example)) {
    checkIds(functionName, `examples[${index}].promptIds`, example?.promptIds);
    checkIds(functionName, `examples[${index}].completionIds`, example.completionIds);
    const completion = Array.from(example.completionIds);
    return {
      prompt: Array.from(example.promptIds),
      completion,
      completionMask: completion.map(() => 1),
    };
  }
  checkIds(functionName, `examples[${index}].inputIds`, example.inputIds);
  const ids = Array.from(example.inputIds);
  const mask = example.completionMask;
  const isMask =
    (Array.isArray(mask) || ArrayBuffer.isView(mask)) &&
    Array.prototype.every.call(mask, (bit: unknown) => bit === 0 || bit === 1);
  if (!isMask || mask.length !== ids.length) {
    throw invalidArgument({
      functionName,
      argument: `examples[${index}].completionMask`,
      received: mask,
      expected: `an array or typed array of 0/1 with the length of inputIds (${ids.length})`,
      code: isMask ? 'SHAPE_MISMATCH' : 'INVALID_ARGUMENT',
    });
  }
  const bits = Array.from(mask);
  const first = bits.indexOf(1);
  const start = first < 0 ? ids.length : first;
  return {
    prompt: ids.slice(0, start),
    completion: ids.slice(start),
    completionMask: bits.slice(start),
  };
}
