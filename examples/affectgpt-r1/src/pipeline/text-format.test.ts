import { generateSyntheticDataset } from '@r1kit/datasets';
import { trainBpe } from '@r1kit/tokenizer';
import { describe, expect, it } from 'vitest';
import { sftExamples } from './sft-examples.js';
import {
  completionText,
  promptText,
  softTokenCount,
  specialTokens,
  tokenizerCorpus,
} from './text-format.js';

describe('prompt and target format', () => {
  const { train } = generateSyntheticDataset({ seed: 2, size: 60 });
  const sample = train[0]!;

  it('builds the AffectGPT-R1 target with and without think', () => {
    expect(
      completionText({ description: 'low voice, sad', labels: ['sad', 'gloomy'] }, { think: true }),
    ).toBe('<think>low voice, sad</think><answer>sad, gloomy</answer><|end|>');
    expect(completionText({ description: 'x', labels: ['sad'] }, { think: false })).toBe(
      '<answer>sad</answer><|end|>',
    );
    expect(promptText({ subtitle: 'hi' })).toBe(
      '<|soft|><|soft|><|soft|>subtitle: hi<|assistant|>',
    );
  });

  it('tokenizes prompt + completion with three placeholder ids and a completion-only mask (round trip)', () => {
    const tokenizer = trainBpe(tokenizerCorpus(train), {
      vocabSize: 400,
      specialTokens: Object.values(specialTokens),
    });
    const [example] = sftExamples({ tokenizer }, [sample], { think: true });
    const soft = tokenizer.tokenToId(specialTokens.soft);
    expect(example!.inputIds.filter((id) => id === soft)).toHaveLength(softTokenCount);
    expect(tokenizer.decode(example!.inputIds)).toBe(
      promptText(sample) + completionText(sample, { think: true }),
    );
    const firstCompletion = example!.completionMask.indexOf(1);
    expect(example!.completionMask.slice(firstCompletion).every((flag) => flag === 1)).toBe(true);
    expect(tokenizer.decode(example!.inputIds.slice(firstCompletion))).toBe(
      completionText(sample, { think: true }),
    );
  });
});
