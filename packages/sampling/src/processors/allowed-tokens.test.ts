import { errorCode, expectNoLeak } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { run2d } from '../../test/assertions.js';
import { allowedTokensProcessor } from './allowed-tokens.js';

const m = -Infinity;
const logits = [
  [2, -2, 1, 0.5],
  [2, -2, 1, 0.5],
];

describe('allowedTokensProcessor', () => {
  it('masks every token outside a fixed list', async () => {
    const context = { promptIds: [[], []], completionIds: [[], []] };
    const processor = allowedTokensProcessor({ allowedTokenIds: [1, 3] });
    const out = await expectNoLeak(() => run2d((x) => processor.process(x, context), logits));
    expect(out).toEqual([
      [m, -2, m, 0.5],
      [m, -2, m, 0.5],
    ]);
  });

  it('asks a function for the allowed ids of each row', () => {
    const context = { promptIds: [[], []], completionIds: [[0], [0, 0]] };
    const processor = allowedTokensProcessor({
      allowedTokenIds: (row, ctx) => [ctx.completionIds[row]!.length + row],
    });
    expect(run2d((x) => processor.process(x, context), logits)).toEqual([
      [m, -2, m, m],
      [m, m, m, 0.5],
    ]);
  });

  it('rejects an empty list', async () => {
    expect(await errorCode(() => allowedTokensProcessor({ allowedTokenIds: [] }))).toBe(
      'INVALID_ARGUMENT',
    );
  });
});
