import { R1kitError } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A dense `[rows.length, vocabSize]` float32 tensor that holds `value` at each `(row, tokenId)`
 * entry of `rows` and zero elsewhere; built with one `scatterND`, so its cost grows with the
 * number of entries rather than with the vocabulary.
 *
 * @param rows - One map per row from token id to value (token ids must be unique per row).
 * @param vocabSize - Number of columns.
 * @param functionName - Caller named in the error for an out-of-range id.
 * @returns A new tensor owned by the caller.
 */
export function denseRows(
  rows: ReadonlyArray<ReadonlyMap<number, number>>,
  vocabSize: number,
  functionName: string,
): tf.Tensor2D {
  const indices: number[] = [];
  const values: number[] = [];
  rows.forEach((row, r) => {
    for (const [tokenId, value] of row) {
      if (!Number.isInteger(tokenId) || tokenId < 0 || tokenId >= vocabSize) {
        throw new R1kitError({
          code: 'INVALID_ARGUMENT',
          message: `${functionName}: token ids must be integers in [0, ${vocabSize}); received ${tokenId} in row ${r}`,
        });
      }
      indices.push(r, tokenId);
      values.push(value);
    }
  });
  if (values.length === 0) return tf.zeros([rows.length, vocabSize]);
  return tf.tidy(() =>
    tf.scatterND(tf.tensor2d(indices, [values.length, 2], 'int32'), tf.tensor1d(values), [
      rows.length,
      vocabSize,
    ]),
  );
}

/**
 * Counts how often each token occurs in each row.
 *
 * @param rows - Token ids per row.
 * @returns One map per row from token id to its number of occurrences.
 */
export function countTokens(rows: ReadonlyArray<ReadonlyArray<number>>): Map<number, number>[] {
  return rows.map((row) => {
    const counts = new Map<number, number>();
    for (const tokenId of row) counts.set(tokenId, (counts.get(tokenId) ?? 0) + 1);
    return counts;
  });
}
