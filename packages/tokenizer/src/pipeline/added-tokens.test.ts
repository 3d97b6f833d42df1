import { describe, expect, it } from 'vitest';
import { baseJson, compareWithOracle, oracleMissing } from '../../test/parity.js';

const texts = [
  'say <tag> now',
  'say  <tag>  now',
  'x<tag>y',
  'word<tag> <tag>word <tag>',
  'MARK and mark and Mark',
  '<|im_start|><|im_start|>  <tag><tag>',
];

function withAddedTokens(flags: {
  lstrip?: boolean;
  rstrip?: boolean;
  single_word?: boolean;
  normalized?: boolean;
  special?: boolean;
}) {
  const json = baseJson();
  json.normalizer = { type: 'Lowercase' };
  const next = Object.keys(json.model.vocab).length;
  json.added_tokens.push(
    {
      id: next,
      content: '<tag>',
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
      ...flags,
    },
    {
      id: next + 1,
      content: 'mark',
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: true,
      special: false,
    },
  );
  return json;
}

describe.skipIf(oracleMissing !== undefined)('added tokens match HF tokenizers', () => {
  it.each([
    { name: 'plain', flags: {} },
    { name: 'lstrip', flags: { lstrip: true } },
    { name: 'rstrip', flags: { rstrip: true } },
    { name: 'lstrip + rstrip', flags: { lstrip: true, rstrip: true } },
    { name: 'single_word', flags: { single_word: true } },
    { name: 'normalized, not special', flags: { normalized: true, special: false } },
  ])('$name', async ({ flags }) => {
    const result = await compareWithOracle(withAddedTokens(flags), texts);
    expect(result.ours).toEqual(result.theirs);
    expect(result.oursDecoded).toEqual(result.theirsDecoded);
  });
});
