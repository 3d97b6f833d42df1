import { buildBatch, buildPrompts, type PromptCompletion } from '@r1kit/tokenizer';

/**
 * Prompt + completion rows ready for the policy forward pass, as plain arrays.
 *
 * @category GRPO
 */
export interface PolicyBatch {
  /** `[rows][promptLength + completionLength]`: left-padded prompt, then right-padded completion. */
  inputIds: number[][];
  /** `[rows][promptLength + completionLength]`: 1 on real tokens. */
  attentionMask: number[][];
  /** `[rows][completionLength]` completion ids, padded with the pad id. */
  completionIds: number[][];
  /** `[rows][completionLength]`: 1 on completion tokens that enter the loss. */
  completionMask: number[][];
  /** Padded completion width. */
  completionLength: number;
}

/**
 * One row of {@link buildPolicyBatch}: a prompt and one of its completions (`PromptCompletion`
 * of `@r1kit/tokenizer`, with plain arrays), and whether the completion is trained.
 *
 * @category GRPO
 */
export interface PolicyBatchRow extends PromptCompletion {
  /** Prompt ids. */
  promptIds: readonly number[];
  /** Completion ids. */
  completionIds: readonly number[];
  /** Whether the completion enters the loss (false: masked, e.g. truncated). */
  trained: boolean;
}

/**
 * Options of {@link buildPolicyBatch}.
 *
 * @category GRPO
 */
export interface BuildPolicyBatchOptions {
  /** Padding id. */
  padTokenId: number;
}

/**
 * Lays out prompts (left-padded) and completions (right-padded) as one batch, the layout of
 * TRL's `prompt_completion_ids`.
 *
 * @param rows - Prompt ids, completion ids and whether each row's completion enters the loss.
 * @param options - The pad id.
 * @returns The batch.
 *
 * @example
 * ```ts
 * import { buildPolicyBatch } from '@r1kit/trainer';
 * buildPolicyBatch([{ promptIds: [1, 2], completionIds: [3], trained: true }], { padTokenId: 0 });
 * ```
 *
 * @category GRPO
 */
export function buildPolicyBatch(
  rows: ReadonlyArray<PolicyBatchRow>,
  options: BuildPolicyBatchOptions,
): PolicyBatch {
  const { padTokenId } = options;
  // The prompt half is tokenizer's generation layout (left-padded, ending at one column).
  const prompts = buildPrompts(
    rows.map((row) => row.promptIds),
    { padTokenId },
  );
  // The completion half is its training layout (right-padded, at least one column wide).
  const completionLength = Math.max(1, ...rows.map((row) => row.completionIds.length));
  const completions = buildBatch(
    rows.map((row) => ({
      inputIds: row.completionIds,
      completionMask: row.completionIds.map(() => (row.trained ? 1 : 0)),
    })),
    { padTokenId, maxLength: completionLength, padTo: 'maxLength' },
  );
  return {
    inputIds: rows.map((_, index) => [
      ...prompts.inputIds[index]!,
      ...completions.inputIds[index]!,
    ]),
    attentionMask: rows.map((_, index) => [
      ...prompts.attentionMask[index]!,
      ...completions.attentionMask[index]!,
    ]),
    completionIds: completions.inputIds,
    completionMask: completions.completionMask,
    completionLength,
  };
}
