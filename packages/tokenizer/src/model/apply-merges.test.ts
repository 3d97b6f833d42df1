import { describe, expect, it } from 'vitest';
import { baseJson, compareWithOracle, oracleMissing } from '../../test/parity.js';
import { Tokenizer } from '../tokenizer.js';

const chinese = Array.from(
  { length: 3000 },
  (_, index) => '的一是了我不人在他有这个上们来到'[index % 16],
).join('');
const longTexts = [
  `${' '.repeat(20_000)}x`,
  'ab'.repeat(5000),
  chinese,
  '\n'.repeat(3000),
  `${'thethe'.repeat(2000)} ${'😀'.repeat(500)}`,
];

describe('applyMerges', () => {
  it.skipIf(oracleMissing !== undefined)(
    'merges very long words like HF tokenizers (heap path)',
    async () => {
      const result = await compareWithOracle(baseJson(), longTexts);
      expect(result.ours).toEqual(result.theirs);
    },
  );

  it('encodes a 210k-character word (one pre-token) and decodes it back', () => {
    const tokenizer = Tokenizer.fromJSON(baseJson());
    const text = 'the'.repeat(70_000);
    const ids = tokenizer.encode(text);
    expect(tokenizer.decode(ids)).toBe(text);
    expect(ids.length).toBeLessThan(text.length);
  });
});
