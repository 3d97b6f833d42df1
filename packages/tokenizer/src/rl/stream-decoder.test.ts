import { describe, expect, it } from 'vitest';
import { trainBpe } from '../train/train-bpe.js';
import { StreamDecoder } from './stream-decoder.js';

const tokenizer = trainBpe(['the cat sat on the mat, the cat ate'], {
  vocabSize: 280,
  specialTokens: ['<|im_end|>'],
  minFrequency: 1,
});

describe('StreamDecoder', () => {
  it('streams the same text as a full decode, never half a UTF-8 character', () => {
    const text = 'the cat 你好 😀👍🏽 sat é𝒳 on<|im_end|>🇨🇳';
    const ids = tokenizer.encode(text);
    const stream = new StreamDecoder(tokenizer);
    const chunks = ids.map((id) => stream.push(id));
    chunks.push(stream.flush());
    expect(chunks.join('')).toBe(text);
    expect(chunks.filter((chunk) => chunk.includes('\ufffd'))).toEqual([]);
    // Multi-byte characters are spread over several byte tokens, so some pushes emit nothing.
    expect(chunks.filter((chunk) => chunk === '').length).toBeGreaterThan(5);
    expect(chunks).toContain('你');
  });

  it('skips special tokens when asked and emits invalid trailing bytes on flush', () => {
    const ids = tokenizer.encode('cat<|im_end|>');
    const stream = new StreamDecoder(tokenizer, { skipSpecialTokens: true });
    expect(ids.map((id) => stream.push(id)).join('') + stream.flush()).toBe('cat');
    const truncated = tokenizer.encode('😀').slice(0, 2);
    const partial = new StreamDecoder(tokenizer);
    expect(truncated.map((id) => partial.push(id)).join('')).toBe('');
    expect(partial.flush()).toBe(tokenizer.decode(truncated));
    expect(tokenizer.decode(truncated)).toContain('\ufffd');
  });
});
