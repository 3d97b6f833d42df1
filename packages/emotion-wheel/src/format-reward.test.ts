import { describe, expect, it } from 'vitest';
import { extractAnswer, extractThink } from './extract-answer.js';
import { formatReward } from './format-reward.js';

describe('formatReward', () => {
  it('gives 1 only to a non-empty think block followed by a non-empty answer block', () => {
    expect(
      formatReward([
        '<think>She smiles.</think><answer>happy</answer>',
        '  <think>\nShe smiles.\n</think>\n<answer> happy </answer>\n',
        '<think></think><answer>happy</answer>',
        '<think>x</think><answer>  </answer>',
        '<answer>happy</answer><think>x</think>',
        'happy',
        '<think>x</think><answer>happy</answer> trailing text',
        '<think>x<think>y</think><answer>happy</answer>',
        '<think>x</think><answer>happy',
      ]),
    ).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('accepts surrounding text when not strict', () => {
    expect(
      formatReward(['Sure. <think>x</think> so <answer>happy</answer> done'], { strict: false }),
    ).toEqual([1]);
    expect(formatReward(['Sure. <think>x</think> so <answer>happy</answer> done'])).toEqual([0]);
  });

  it('gives 0 to answers that are not clean label lists (the `sad,sad,,,` hack) unless asked not to', () => {
    const completions = [
      '<think>x</think><answer>sad,sad,,,</answer>',
      '<think>x</think><answer>sad, Sad</answer>',
      '<think>x</think><answer>sad,</answer>',
      '<think>x</think><answer>sad, angry</answer>',
    ];
    expect(formatReward(completions)).toEqual([0, 0, 0, 1]);
    expect(formatReward(completions, { requireCleanLabelList: false })).toEqual([1, 1, 1, 1]);
  });

  it('checks the answer-only form with think: false', () => {
    expect(
      formatReward(
        [
          '<answer>happy</answer>',
          ' <answer> sad </answer> ',
          '<answer> </answer>',
          'happy',
          '<think>x</think><answer>happy</answer>',
          '<answer>a</answer><answer>b</answer>',
          '<answer>sad,sad,,,</answer>',
        ],
        { think: false },
      ),
    ).toEqual([1, 1, 0, 0, 0, 0, 0]);
    expect(formatReward(['so: <answer>happy</answer>'], { think: false, strict: false })).toEqual([
      1,
    ]);
  });

  it('rejects chat-message completions with a clear error', () => {
    expect(() => formatReward([{ role: 'assistant' } as unknown as string])).toThrow(
      /formatReward: completions\[0\] must be a string \(pass the completion text/,
    );
    expect(() => formatReward('text' as unknown as string[])).toThrow(
      /completions must be an array of completion strings/,
    );
  });
});

describe('extractAnswer / extractThink', () => {
  it('returns the trimmed content of the last block', () => {
    const text = '<think> a </think><answer>[sad]</answer> <answer> [sad, tired] </answer>';
    expect(extractAnswer(text)).toBe('[sad, tired]');
    expect(extractThink(text)).toBe('a');
  });

  it('returns undefined without a complete block', () => {
    expect(extractAnswer('The character is happy.')).toBeUndefined();
    expect(extractAnswer('<answer>happy')).toBeUndefined();
    expect(extractThink('<answer>happy</answer>')).toBeUndefined();
  });
});
