import { describe, expect, it } from 'vitest';
import { baseJson, compareWithOracle, oracleMissing, sampleTexts } from '../../test/parity.js';

const normalizers = [
  { type: 'NFC' },
  { type: 'NFD' },
  { type: 'NFKC' },
  { type: 'NFKD' },
  { type: 'Lowercase' },
  { type: 'Strip', strip_left: true, strip_right: false },
  { type: 'Replace', pattern: { String: ' ' }, content: '_' },
  { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' },
  {
    type: 'Sequence',
    normalizers: [{ type: 'NFKD' }, { type: 'Lowercase' }, { type: 'Prepend', prepend: '>' }],
  },
];

describe.skipIf(oracleMissing !== undefined)('normalizers match HF tokenizers', () => {
  it.each(normalizers)('$type %#', async (normalizer) => {
    const json = { ...baseJson(), normalizer };
    const result = await compareWithOracle(json, sampleTexts);
    expect(result.ours).toEqual(result.theirs);
  });
});
