import { errorCode, expectNoLeak } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { run2d } from '../../test/assertions.js';
import { logitBiasProcessor } from './logit-bias.js';

const context = { promptIds: [[], []], completionIds: [[], []] };

describe('logitBiasProcessor', () => {
  it('adds the bias to every row and bans -Infinity entries', async () => {
    const processor = logitBiasProcessor({ bias: { 0: 1, 2: -Infinity, 3: -0.5 } });
    const out = await expectNoLeak(() =>
      run2d(
        (x) => processor.process(x, context),
        [
          [2, -2, 1, 0.5],
          [0, 0, 0, 0],
        ],
      ),
    );
    expect(out).toEqual([
      [3, -2, -Infinity, 0],
      [1, 0, -Infinity, -0.5],
    ]);
  });

  it('accepts a Map', () => {
    const processor = logitBiasProcessor({ bias: new Map([[1, 2]]) });
    const one = { promptIds: [[]], completionIds: [[]] };
    expect(run2d((x) => processor.process(x, one), [[0, 0]])).toEqual([[0, 2]]);
  });

  it('rejects NaN or +Infinity biases and out-of-vocabulary ids', async () => {
    expect(await errorCode(() => logitBiasProcessor({ bias: { 1: Number.NaN } }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(await errorCode(() => logitBiasProcessor({ bias: { 1: Infinity } }))).toBe(
      'INVALID_ARGUMENT',
    );
    const processor = logitBiasProcessor({ bias: { 9: 1 } });
    expect(await errorCode(() => run2d((x) => processor.process(x, context), [[0], [0]]))).toBe(
      'INVALID_ARGUMENT',
    );
  });
});
