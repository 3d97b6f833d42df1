import { invalidArgument } from '@r1kit/core';
import { type MaskedSequence, type PromptCompletion, splitExample } from './batch-example.js';
import { checkLength, checkPadTokenId } from './id-rows.js';

/**
 * Options for {@link buildBatch}.
 *
 * @category RL
 */
export interface BuildBatchOptions {
  /** The id written into padded positions (masked out everywhere). */
  padTokenId: number;
  /**
   * Longest allowed prompt + completion. Longer examples are handled by `truncation`.
   *
   * @defaultValue no limit
   */
  maxLength?: number;
  /**
   * What to do with a too-long example: `'left'` drops prompt tokens from the left (the start
   * of the prompt) and throws only when the completion alone is longer than `maxLength`;
   * `'error'` always throws. The completion is never cut.
   *
   * @defaultValue `'left'`
   */
  truncation?: 'left' | 'error';
  /**
   * Pad every row to the longest row (`'longest'`) or to `maxLength` (`'maxLength'`).
   *
   * @defaultValue `'longest'`
   */
  padTo?: 'longest' | 'maxLength';
}

/**
 * A right-padded training batch. All matrices are `[batch, sequenceLength]` row arrays.
 *
 * @category RL
 */
export interface TrainingBatch {
  /** Prompt ids, then completion ids, then `padTokenId`. */
  inputIds: number[][];
  /** 1 on prompt and completion tokens, 0 on padding. */
  attentionMask: number[][];
  /**
   * 1 where the loss is taken (every completion token, or the given mask of a
   * {@link MaskedSequence}), 0 on the prompt and padding.
   */
  completionMask: number[][];
  /** Prompt length of each row after truncation (the completion starts here). */
  promptLengths: number[];
  /** Completion length of each row (never truncated): from the first trained token to the end. */
  completionLengths: number[];
  /** Prompt tokens dropped from the left of each row by truncation. */
  truncatedPromptTokens: number[];
  /** Row length (columns of every matrix). */
  sequenceLength: number;
}

/**
 * Builds a right-padded training batch from prompt/completion pairs, or from sequences that
 * carry their own loss mask (multi-turn data), with the attention mask and the completion mask
 * (loss only on completion tokens). Too-long examples lose prompt tokens (those before the first
 * trained token) from the left; the completion is never cut silently. The one padding and
 * masking implementation of r1kit: `@r1kit/trainer` batches SFT examples and GRPO completions
 * with it.
 *
 * @param examples - The prompt/completion pairs or masked sequences (the two may be mixed).
 * @param options - See {@link BuildBatchOptions}.
 * @returns The batch.
 * @throws R1kitError `INVALID_ARGUMENT` for malformed ids, masks or options, or when an example
 *   does not fit `maxLength` without cutting its completion (or at all, with
 *   `truncation: 'error'`); `SHAPE_MISMATCH` when a `completionMask` is not as long as its
 *   `inputIds`.
 *
 * @example
 * ```ts
 * import { buildBatch } from '@r1kit/tokenizer';
 * const batch = buildBatch(
 *   [{ promptIds: [1, 2], completionIds: [3] }, { promptIds: [4], completionIds: [5, 6, 7] }],
 *   { padTokenId: 0 },
 * );
 * // batch.inputIds       [[1, 2, 3, 0], [4, 5, 6, 7]]
 * // batch.completionMask [[0, 0, 1, 0], [0, 1, 1, 1]]
 * // A multi-turn sequence: only the two assistant tokens (ids 3 and 6) are trained.
 * const turns = buildBatch(
 *   [{ inputIds: [1, 2, 3, 4, 5, 6], completionMask: [0, 0, 1, 0, 0, 1] }],
 *   { padTokenId: 0 },
 * );
 * // turns.promptLengths [2], turns.completionLengths [4]
 * ```
 *
 * @category RL
 */
export function buildBatch(
  examples: readonly (PromptCompletion | MaskedSequence)[],
  options: BuildBatchOptions,
): TrainingBatch {
  const name = 'buildBatch';
  if (!Array.isArray(examples)) {
    throw invalidArgument({
      functionName: name,
      argument: 'examples',
      received: examples,
      expected: 'an array of { promptIds, completionIds } or { inputIds, completionMask }',
    });
  }
  const split = examples.map((example, index) => splitExample(name, example, index));
  checkPadTokenId(name, options?.padTokenId);
  checkLength(name, 'options.maxLength', options.maxLength);
  const truncation = options.truncation ?? 'left';
  const maxLength = options.maxLength ?? Number.POSITIVE_INFINITY;
  if (options.padTo === 'maxLength' && options.maxLength === undefined) {
    throw invalidArgument({
      functionName: name,
      argument: 'options.maxLength',
      received: undefined,
      expected: "a positive integer when options.padTo is 'maxLength'",
    });
  }
  const rows = split.map((example, index) => {
    const total = example.prompt.length + example.completion.length;
    const excess = Math.max(0, total - maxLength);
    if (excess > 0 && (truncation === 'error' || example.completion.length > maxLength)) {
      throw invalidArgument({
        functionName: name,
        argument: `examples[${index}]`,
        received: `${example.prompt.length} prompt + ${example.completion.length} completion tokens`,
        expected:
          truncation === 'error'
            ? `at most options.maxLength (${maxLength}) tokens with truncation 'error'`
            : `a completion of at most options.maxLength (${maxLength}) tokens; completions are never cut`,
      });
    }
    return { ...example, prompt: example.prompt.slice(excess), excess };
  });
  const longest = Math.max(0, ...rows.map((row) => row.prompt.length + row.completion.length));
  const sequenceLength = options.padTo === 'maxLength' ? maxLength : longest;
  const batch: TrainingBatch = {
    inputIds: [],
    attentionMask: [],
    completionMask: [],
    promptLengths: [],
    completionLengths: [],
    truncatedPromptTokens: [],
    sequenceLength,
  };
  for (const { prompt, completion, completionMask, excess } of rows) {
    const used = prompt.length + completion.length;
    const padding = sequenceLength - used;
    batch.inputIds.push([
      ...prompt,
      ...completion,
      ...new Array<number>(padding).fill(options.padTokenId),
    ]);
    batch.attentionMask.push([
      ...new Array<number>(used).fill(1),
      ...new Array<number>(padding).fill(0),
    ]);
    batch.completionMask.push([
      ...new Array<number>(prompt.length).fill(0),
      ...completionMask,
      ...new Array<number>(padding).fill(0),
    ]);
    batch.promptLengths.push(prompt.length);
    batch.completionLengths.push(completion.length);
    batch.truncatedPromptTokens.push(excess);
  }
  return batch;
}
