import { errorCode, expectNoLeak } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { run2d } from '../../test/assertions.js';
import { repetitionPenaltyProcessor } from './repetition-penalty.js';

describe('repetitionPenaltyProcessor', () => {
  it('divides positive and multiplies negative logits of seen tokens, once per token', async () => {
    const context = {
      promptIds: [[0], [3]],
      completionIds: [[1, 1], []],
    };
    const processor = repetitionPenaltyProcessor({ penalty: 2 });
    const out = await expectNoLeak(() =>
      run2d(
        (x) => processor.process(x, context),
        [
          [2, -2, 1, 0.5],
          [2, -2, 1, 0.5],
        ],
      ),
    );
    expect(out).toEqual([
      [1, -4, 1, 0.5],
      [2, -2, 1, 0.25],
    ]);
  });

  it('rejects token ids outside the vocabulary with INVALID_ARGUMENT', async () => {
    const processor = repetitionPenaltyProcessor({ penalty: 1.5 });
    const context = { promptIds: [[7]], completionIds: [[]] };
    expect(await errorCode(() => run2d((x) => processor.process(x, context), [[0, 0]]))).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('rejects a non-positive penalty', async () => {
    for (const penalty of [0, -1, Infinity]) {
      expect(await errorCode(() => repetitionPenaltyProcessor({ penalty }))).toBe(
        'INVALID_ARGUMENT',
      );
    }
  });
});
