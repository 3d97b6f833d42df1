import { errorCode, expectNoLeak } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { expectCloseArrays, run2d } from '../../test/assertions.js';
import { minPProcessor } from './min-p.js';

const m = -Infinity;
const log = Math.log;
const context = { promptIds: [[]], completionIds: [[]] };
// Probabilities 0.5, 0.3, 0.15, 0.05 shifted by an arbitrary constant (min-p is shift-invariant).
const logits = [[log(0.3) + 3, log(0.05) + 3, log(0.5) + 3, log(0.15) + 3]];

describe('minPProcessor', () => {
  it('keeps tokens with at least minP times the top probability', async () => {
    // Threshold 0.2 * 0.5 = 0.1: 0.05 is dropped.
    const out = await expectNoLeak(() =>
      run2d((x) => minPProcessor({ minP: 0.2 }).process(x, context), logits),
    );
    expectCloseArrays(out[0]!, [log(0.3) + 3, m, log(0.5) + 3, log(0.15) + 3]);
    // Threshold 0.7 * 0.5 = 0.35: only the top token stays.
    const strict = run2d((x) => minPProcessor({ minP: 0.7 }).process(x, context), logits);
    expectCloseArrays(strict[0]!, [m, m, log(0.5) + 3, m]);
  });

  it('minP 0 keeps everything', () => {
    const out = run2d((x) => minPProcessor({ minP: 0 }).process(x, context), logits);
    expectCloseArrays(out[0]!, logits[0]!);
  });

  it('rejects minP outside [0, 1]', async () => {
    for (const minP of [-0.1, 1.01, Number.NaN]) {
      expect(await errorCode(() => minPProcessor({ minP }))).toBe('INVALID_ARGUMENT');
    }
  });
});
