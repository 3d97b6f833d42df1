import { errorCode, expectNoLeak } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { run2d } from '../../test/assertions.js';
import { topKProcessor } from './top-k.js';

const context = { promptIds: [[], []], completionIds: [[], []] };
const m = -Infinity;

describe('topKProcessor', () => {
  it('keeps the k highest logits of each row', async () => {
    const processor = topKProcessor({ topK: 2 });
    const out = await expectNoLeak(() =>
      run2d(
        (x) => processor.process(x, context),
        [
          [1, 5, 3, 4],
          [0, -1, 2, 1.5],
        ],
      ),
    );
    expect(out).toEqual([
      [m, 5, m, 4],
      [m, m, 2, 1.5],
    ]);
  });

  it('keeps every token tied with the k-th logit, and all tokens when k >= vocab', () => {
    const context1 = { promptIds: [[]], completionIds: [[]] };
    const tie = topKProcessor({ topK: 1 });
    expect(run2d((x) => tie.process(x, context1), [[1, 1, 0, 1]])).toEqual([[1, 1, m, 1]]);
    const wide = topKProcessor({ topK: 9 });
    expect(run2d((x) => wide.process(x, context1), [[1, 2, 3]])).toEqual([[1, 2, 3]]);
  });

  it('rejects a topK that is not a positive integer', async () => {
    for (const topK of [0, -3, 1.5, Number.NaN]) {
      expect(await errorCode(() => topKProcessor({ topK }))).toBe('INVALID_ARGUMENT');
    }
  });
});
