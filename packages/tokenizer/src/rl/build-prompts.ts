import { checkIdRows, checkLength, checkPadTokenId } from './id-rows.js';

/**
 * Options for {@link buildPrompts}.
 *
 * @category RL
 */
export interface BuildPromptsOptions {
  /** The id written into padded positions. */
  padTokenId: number;
  /**
   * Longest allowed prompt; longer prompts lose tokens from the left (their start), so the end
   * of the prompt, next to the generated text, is kept.
   *
   * @defaultValue no limit
   */
  maxPromptLength?: number;
}

/**
 * A left-padded generation batch. All matrices are `[batch, sequenceLength]` row arrays.
 *
 * @category RL
 */
export interface PromptBatch {
  /** `padTokenId`, then the prompt ids, so every prompt ends at the last column. */
  inputIds: number[][];
  /** 0 on padding, 1 on prompt tokens. */
  attentionMask: number[][];
  /** Prompt length of each row after truncation. */
  promptLengths: number[];
  /** Prompt tokens dropped from the left of each row. */
  truncatedPromptTokens: number[];
  /** Row length (columns of every matrix). */
  sequenceLength: number;
}

/**
 * Left-pads prompts for batched generation, so that every row's next token goes in the same
 * column.
 *
 * @param prompts - Prompt ids, one array (or typed array) per row.
 * @param options - See {@link BuildPromptsOptions}.
 * @returns The batch.
 * @throws R1kitError `INVALID_ARGUMENT` for malformed ids or options.
 *
 * @example
 * ```ts
 * import { buildPrompts } from '@r1kit/tokenizer';
 * const batch = buildPrompts([[1, 2, 3], [4]], { padTokenId: 0 });
 * // batch.inputIds      [[1, 2, 3], [0, 0, 4]]
 * // batch.attentionMask [[1, 1, 1], [0, 0, 1]]
 * ```
 *
 * @category RL
 */
export function buildPrompts(
  prompts: readonly ArrayLike<number>[],
  options: BuildPromptsOptions,
): PromptBatch {
  const name = 'buildPrompts';
  checkIdRows(name, 'prompts', prompts);
  checkPadTokenId(name, options?.padTokenId);
  checkLength(name, 'options.maxPromptLength', options.maxPromptLength);
  const limit = options.maxPromptLength ?? Number.POSITIVE_INFINITY;
  const rows = prompts.map((prompt) =>
    Array.from(prompt).slice(Math.max(0, prompt.length - limit)),
  );
  const sequenceLength = Math.max(0, ...rows.map((row) => row.length));
  const batch: PromptBatch = {
    inputIds: [],
    attentionMask: [],
    promptLengths: [],
    truncatedPromptTokens: [],
    sequenceLength,
  };
  rows.forEach((row, index) => {
    const padding = sequenceLength - row.length;
    batch.inputIds.push([...new Array<number>(padding).fill(options.padTokenId), ...row]);
    batch.attentionMask.push([
      ...new Array<number>(padding).fill(0),
      ...new Array<number>(row.length).fill(1),
    ]);
    batch.promptLengths.push(row.length);
    batch.truncatedPromptTokens.push(prompts[index]!.length - row.length);
  });
  return batch;
}
