import { R1kitError } from '@r1kit/core';

/**
 * Greedy choice for one row of processed log-probabilities: the index of the largest entry (the
 * first on ties). Throws `NUMERIC_ERROR` on NaN or when every entry is `-Infinity`.
 *
 * @param row - One row of log-probabilities.
 * @param r - The sequence index, for the error message.
 * @param step - The decoding step, for the error message.
 */
export function argmaxRow(row: Float32Array, r: number, step: number): number {
  let best = -1;
  for (let i = 0; i < row.length; i += 1) {
    if (Number.isNaN(row[i]!)) {
      throw new R1kitError({
        code: 'NUMERIC_ERROR',
        message: `generate: the processed logits of sequence ${r} at step ${step} contain NaN; check the model weights and the logits processors`,
      });
    }
    if (row[i]! > -Infinity && (best < 0 || row[i]! > row[best]!)) best = i;
  }
  if (best < 0) {
    throw new R1kitError({
      code: 'NUMERIC_ERROR',
      message: `generate: every token of sequence ${r} at step ${step} is masked to -Infinity; relax the logits processors`,
    });
  }
  return best;
}
