import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/errors.js';
import { buildBatch } from './build-batch.js';

describe('buildBatch', () => {
  it('right-pads prompt + completion with attention and completion masks', () => {
    const batch = buildBatch(
      [
        { promptIds: [11, 12], completionIds: [21] },
        { promptIds: [13], completionIds: [22, 23, 24] },
      ],
      { padTokenId: 0 },
    );
    expect(batch.inputIds).toEqual([
      [11, 12, 21, 0],
      [13, 22, 23, 24],
    ]);
    expect(batch.attentionMask).toEqual([
      [1, 1, 1, 0],
      [1, 1, 1, 1],
    ]);
    expect(batch.completionMask).toEqual([
      [0, 0, 1, 0],
      [0, 1, 1, 1],
    ]);
    expect(batch.promptLengths).toEqual([2, 1]);
    expect(batch.completionLengths).toEqual([1, 3]);
    expect(batch.truncatedPromptTokens).toEqual([0, 0]);
    expect(batch.sequenceLength).toBe(4);
  });

  it('truncates the prompt from the left, keeping the whole completion', () => {
    const batch = buildBatch([{ promptIds: [1, 2, 3, 4, 5], completionIds: [6, 7] }], {
      padTokenId: 0,
      maxLength: 4,
      padTo: 'maxLength',
    });
    expect(batch.inputIds).toEqual([[4, 5, 6, 7]]);
    expect(batch.completionMask).toEqual([[0, 0, 1, 1]]);
    expect(batch.truncatedPromptTokens).toEqual([3]);
  });

  it('accepts typed arrays (e.g. tensor dataSync output)', () => {
    const batch = buildBatch(
      [{ promptIds: Int32Array.from([5, 6]), completionIds: Float32Array.from([7]) }],
      { padTokenId: 0 },
    );
    expect(batch.inputIds).toEqual([[5, 6, 7]]);
    expect(batch.completionMask).toEqual([[0, 0, 1]]);
  });

  it('keeps the per-token loss mask of masked sequences, mixed with prompt/completion pairs', () => {
    // Multi-turn: [prompt 1 2][assistant 3][user 4 5][assistant 6 7]
    const batch = buildBatch(
      [
        { inputIds: [1, 2, 3, 4, 5, 6, 7], completionMask: [0, 0, 1, 0, 0, 1, 1] },
        { promptIds: [8], completionIds: [9] },
        { inputIds: Int32Array.from([10, 11]), completionMask: Uint8Array.from([0, 0]) },
      ],
      { padTokenId: 0 },
    );
    expect(batch.inputIds).toEqual([
      [1, 2, 3, 4, 5, 6, 7],
      [8, 9, 0, 0, 0, 0, 0],
      [10, 11, 0, 0, 0, 0, 0],
    ]);
    expect(batch.attentionMask).toEqual([
      [1, 1, 1, 1, 1, 1, 1],
      [1, 1, 0, 0, 0, 0, 0],
      [1, 1, 0, 0, 0, 0, 0],
    ]);
    expect(batch.completionMask).toEqual([
      [0, 0, 1, 0, 0, 1, 1],
      [0, 1, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
    ]);
    expect(batch.promptLengths).toEqual([2, 1, 2]);
    expect(batch.completionLengths).toEqual([5, 1, 0]);
  });

  it('truncates a masked sequence only before its first trained token', () => {
    const batch = buildBatch([{ inputIds: [1, 2, 3, 4, 5], completionMask: [0, 0, 1, 0, 1] }], {
      padTokenId: 0,
      maxLength: 4,
    });
    expect(batch.inputIds).toEqual([[2, 3, 4, 5]]);
    expect(batch.completionMask).toEqual([[0, 1, 0, 1]]);
    expect(batch.truncatedPromptTokens).toEqual([1]);
    const tooLong = errorOf(() =>
      buildBatch([{ inputIds: [1, 2, 3, 4], completionMask: [0, 1, 0, 1] }], {
        padTokenId: 0,
        maxLength: 2,
      }),
    );
    expect(tooLong.message).toContain('received "1 prompt + 3 completion tokens"');
  });

  it('rejects a loss mask of the wrong length or with values other than 0 and 1', () => {
    const short = errorOf(() =>
      buildBatch([{ inputIds: [1, 2], completionMask: [1] }], { padTokenId: 0 }),
    );
    expect(short.code).toBe('SHAPE_MISMATCH');
    expect(short.message).toBe(
      'buildBatch: examples[0].completionMask must be an array or typed array of 0/1 with the length of inputIds (2); received array of length 1 [1]',
    );
    const notBits = errorOf(() =>
      buildBatch([{ inputIds: [1, 2], completionMask: [0, 2] }], { padTokenId: 0 }),
    );
    expect(notBits.code).toBe('INVALID_ARGUMENT');
    expect(notBits.message).toContain('examples[0].completionMask');
    expect(
      errorOf(() => buildBatch([{ inputIds: [1, -2], completionMask: [0, 1] }], { padTokenId: 0 }))
        .message,
    ).toContain('examples[0].inputIds must be an array or typed array');
  });

  it('pads to maxLength when asked', () => {
    const batch = buildBatch([{ promptIds: [1], completionIds: [2] }], {
      padTokenId: 9,
      maxLength: 4,
      padTo: 'maxLength',
    });
    expect(batch.inputIds).toEqual([[1, 2, 9, 9]]);
    expect(batch.attentionMask).toEqual([[1, 1, 0, 0]]);
  });

  it('never cuts a completion: throws when it cannot fit, or on any overflow with truncation "error"', () => {
    const tooLong = errorOf(() =>
      buildBatch([{ promptIds: [1], completionIds: [2, 3, 4] }], { padTokenId: 0, maxLength: 2 }),
    );
    expect(tooLong.code).toBe('INVALID_ARGUMENT');
    expect(tooLong.message).toBe(
      'buildBatch: examples[0] must be a completion of at most options.maxLength (2) tokens; completions are never cut; received "1 prompt + 3 completion tokens"',
    );
    const strict = errorOf(() =>
      buildBatch([{ promptIds: [1, 2], completionIds: [3] }], {
        padTokenId: 0,
        maxLength: 2,
        truncation: 'error',
      }),
    );
    expect(strict.message).toContain("truncation 'error'");
  });

  it('rejects malformed ids and options', () => {
    expect(
      errorOf(() => buildBatch([{ promptIds: [1.5], completionIds: [] }], { padTokenId: 0 }))
        .message,
    ).toContain(
      'examples[0].promptIds must be an array or typed array of non-negative integer token ids',
    );
    expect(
      errorOf(() => buildBatch([{ promptIds: [1], completionIds: [-1] }], { padTokenId: 0 })).code,
    ).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => buildBatch([], { padTokenId: -1 })).message).toContain(
      'options.padTokenId',
    );
    expect(errorOf(() => buildBatch([], { padTokenId: 0, maxLength: 0 })).message).toContain(
      'options.maxLength',
    );
    expect(errorOf(() => buildBatch([], { padTokenId: 0, padTo: 'maxLength' })).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(errorOf(() => buildBatch('x' as never, { padTokenId: 0 })).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});
