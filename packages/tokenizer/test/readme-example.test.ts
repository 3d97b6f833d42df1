import { describe, expect, it } from 'vitest';
import { buildBatch, buildPrompts, renderChatTemplate, trainBpe } from '../src/index.js';

/** The README example, step by step, with the values its comments promise. */
describe('README example', () => {
  it('trains, templates, batches and decodes as documented', () => {
    const tokenizer = trainBpe(['the cat sat on the mat', 'the dog sat on the log'], {
      vocabSize: 300,
      specialTokens: ['<|im_start|>', '<|im_end|>', '<think>', '</think>', '<answer>', '</answer>'],
      minFrequency: 1,
    });
    const prompt = renderChatTemplate([{ role: 'user', content: 'Where did the cat sit?' }], {
      addGenerationPrompt: true,
    });
    expect(prompt).toBe(
      '<|im_start|>user\nWhere did the cat sit?<|im_end|>\n<|im_start|>assistant\n',
    );
    const promptIds = tokenizer.encode(prompt);
    const completionIds = tokenizer.encode(
      '<think>mat</think><answer>on the mat</answer><|im_end|>',
    );
    const batch = buildBatch([{ promptIds, completionIds }], { padTokenId: 1, maxLength: 256 });
    expect(batch.inputIds).toEqual([[...promptIds, ...completionIds]]);
    expect(batch.completionMask[0]!.reduce((sum, value) => sum + value, 0)).toBe(
      completionIds.length,
    );
    expect(buildPrompts([promptIds], { padTokenId: 1 }).inputIds).toEqual([promptIds]);
    expect(tokenizer.decode(completionIds, { skipSpecialTokens: true })).toBe('maton the mat');
    expect(tokenizer.decode(promptIds)).toBe(prompt);
  });
});
