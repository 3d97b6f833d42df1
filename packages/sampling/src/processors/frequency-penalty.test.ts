import { errorCode, expectNoLeak } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { run2d } from '../../test/assertions.js';
import { frequencyPenaltyProcessor } from './frequency-penalty.js';

describe('frequencyPenaltyProcessor', () => {
  it('subtracts the penalty per occurrence in the completion', async () => {
    const context = { promptIds: [[3, 3], [0]], completionIds: [[1, 1, 3], [2]] };
    const processor = frequencyPenaltyProcessor({ frequencyPenalty: 0.5 });
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
      [2, -3, 1, 0],
      [2, -2, 0.5, 0.5],
    ]);
  });

  it('rejects a non-finite penalty', async () => {
    expect(await errorCode(() => frequencyPenaltyProcessor({ frequencyPenalty: Infinity }))).toBe(
      'INVALID_ARGUMENT',
    );
  });
});
