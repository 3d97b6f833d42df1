import { invalidArgument } from '@r1kit/core';
import type { SftExample } from './sft-example.js';

/**
 * A right-padded batch of plain arrays.
 *
 * @category SFT
 */
export interface CollatedBatch {
  /** `[batch][time]` token ids, padded with the pad id. */
  inputIds: number[][];
  /** `[batch][time]` 1 on real tokens, 0 on padding. */
  attentionMask: number[][];
  /** `[batch][time]` 1 on trained completion tokens. */
  completionMask: number[][];
}

/**
 * Right-pads SFT examples to the longest one.
 *
 * @param examples - Tokenized examples.
 * @param options - The pad token id.
 * @returns Padded ids and masks.
 *
 * @example
 * ```ts
 * import { collateSequences } from '@r1kit/trainer';
 * collateSequences(
 *   [
 *     { inputIds: [5, 6, 7], completionMask: [0, 1, 1] },
 *     { inputIds: [8, 9], completionMask: [0, 1] },
 *   ],
 *   { padTokenId: 0 },
 * );
 * // inputIds [[5, 6, 7], [8, 9, 0]], attentionMask [[1, 1, 1], [1, 1, 0]],
 * // completionMask [[0, 1, 1], [0, 1, 0]]

 * ```
 *
 * @category SFT
 */
export function collateSequences(
  examples: ReadonlyArray<SftExample<unknown>>,
  options: {
    /** Id written in padded positions. */
    padTokenId: number;
  },
): CollatedBatch {
  examples.forEach((example, index) => {
    const ids = example?.inputIds;
    if (
      !Array.isArray(ids) ||
      ids.length < 2 ||
      ids.some((id) => !Number.isInteger(id) || id < 0)
    ) {
      throw invalidArgument({
        functionName: 'collateSequences',
        argument: `examples[${index}].inputIds`,
        received: ids,
        expected: 'an array of at least 2 non-negative integer token ids',
      });
    }
    if (!Array.isArray(example.completionMask) || example.completionMask.length !== ids.length) {
      throw invalidArgument({
        functionName: 'collateSequences',
        argument: `examples[${index}].completionMask`,
        received: example.completionMask,
        expected: `an array of 0/1 with the length of inputIds (${ids.length})`,
        code: 'SHAPE_MISMATCH',
      });
    }
  });
  const width = Math.max(...examples.map((example) => example.inputIds.length));
  const pad = <T>(row: readonly T[], fill: T): T[] => [
    ...row,
    ...Array(width - row.length).fill(fill),
  ];
  return {
    inputIds: examples.map((example) => pad(example.inputIds, options.padTokenId)),
    attentionMask: examples.map((example) =>
      pad(
        example.inputIds.map(() => 1),
        0,
      ),
    ),
    completionMask: examples.map((example) =>
      pad(
        example.completionMask.map((bit) => (bit ? 1 : 0)),
        0,
      ),
    ),
  };
}
