import { errorCode, expectNoLeak } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { run2d } from '../../test/assertions.js';
import { presencePenaltyProcessor } from './presence-penalty.js';

describe('presencePenaltyProcessor', () => {
  it('subtracts the penalty once from every token of the completion, not the prompt', async () => {
    const context = { promptIds: [[0], [0]], completionIds: [[1, 1, 3], []] };
    const processor = presencePenaltyProcessor({ presencePenalty: 0.5 });
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
      [2, -2.5, 1, 0],
      [2, -2, 1, 0.5],
    ]);
  });

  it('rejects a non-finite penalty', async () => {
    expect(await errorCode(() => presencePenaltyProcessor({ presencePenalty: Number.NaN }))).toBe(
      'INVALID_ARGUMENT',
    );
  });
});
