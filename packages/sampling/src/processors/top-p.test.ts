import { errorCode, expectNoLeak } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { expectCloseArrays, run2d } from '../../test/assertions.js';
import { topPProcessor } from './top-p.js';

const m = -Infinity;
const log = Math.log;
// Row 0 has probabilities 0.5, 0.3, 0.15, 0.05 in shuffled order; row 1 is uniform over 4.
const logits = [
  [log(0.15), log(0.5), log(0.05), log(0.3)],
  [0, 0, 0, 0],
];
const context = { promptIds: [[], []], completionIds: [[], []] };

describe('topPProcessor', () => {
  it('keeps the smallest most-probable set whose mass reaches topP', async () => {
    // Mass before each sorted token: 0, 0.5, 0.8, 0.95; with topP 0.75 the first two stay.
    const out = await expectNoLeak(() =>
      run2d((x) => topPProcessor({ topP: 0.75 }).process(x, context), logits),
    );
    expectCloseArrays(out[0]!, [m, log(0.5), m, log(0.3)]);
    // Uniform row: ties with the last kept token are all kept.
    expectCloseArrays(out[1]!, [0, 0, 0, 0]);
  });

  it('keeps three tokens at 0.85 and only the top token at 0.4', () => {
    const wide = run2d((x) => topPProcessor({ topP: 0.85 }).process(x, context), logits);
    expectCloseArrays(wide[0]!, [log(0.15), log(0.5), m, log(0.3)]);
    const narrow = run2d((x) => topPProcessor({ topP: 0.4 }).process(x, context), logits);
    expectCloseArrays(narrow[0]!, [m, log(0.5), m, m]);
  });

  it('computes the mass from the incoming logits, ignoring masked tokens', () => {
    // Probabilities 2/3 and 1/3 over the unmasked tokens.
    const row = [[log(2), m, log(1), m]];
    const one = { promptIds: [[]], completionIds: [[]] };
    const out = run2d((x) => topPProcessor({ topP: 0.6 }).process(x, one), row);
    expectCloseArrays(out[0]!, [log(2), m, m, m]);
  });

  it('rejects topP outside (0, 1]', async () => {
    for (const topP of [0, -0.1, 1.5, Number.NaN]) {
      expect(await errorCode(() => topPProcessor({ topP }))).toBe('INVALID_ARGUMENT');
    }
  });
});
