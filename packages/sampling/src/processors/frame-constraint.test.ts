import { errorCode, expectNoLeak } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { frameConstraintProcessor } from './frame-constraint.js';
import { thinkAnswerFrame } from './think-answer-frame.js';

const vocabSize = 16;
const eos = 2;
const segments = thinkAnswerFrame({
  thinkOpen: [10],
  thinkClose: [11, 12],
  answerOpen: [13],
  answerClose: [14],
  maxThinkTokens: 3,
});

/** The finite (allowed) token ids of each row after the processor. */
function allowed(completionIds: number[][]): number[][] {
  const processor = frameConstraintProcessor({ segments, eosTokenId: eos });
  const context = { promptIds: completionIds.map(() => [1]), completionIds };
  const out = tf.tidy(() =>
    processor.process(tf.zeros([completionIds.length, vocabSize]), context),
  );
  const rows = out.arraySync();
  out.dispose();
  return rows.map((row) => row.flatMap((value, id) => (value > -Infinity ? [id] : [])));
}

const everyTokenBut = (banned: number[]) =>
  Array.from({ length: vocabSize }, (_, id) => id).filter((id) => !banned.includes(id));

describe('frameConstraintProcessor', () => {
  it('forces literals, bans eos in free text, and forces eos after the frame', async () => {
    const rows = await expectNoLeak(() =>
      allowed([
        [], // must open with <think>
        [10, 5], // free reasoning: anything but eos
        [10, 5, 11], // half of </think> is still free text (budget 3 not reached)
        [10, 5, 11, 12], // </think> done: <answer> forced
        [10, 5, 11, 12, 13, 7, 14], // frame complete: eos forced
        [10, 4, 4, 4], // reasoning budget of 3 reached: </think> forced from its first token
        [10, 4, 4, 4, 11], // second token of the forced </think>
      ]),
    );
    expect(rows).toEqual([
      [10],
      everyTokenBut([eos]),
      everyTokenBut([eos]),
      [13],
      [eos],
      [11],
      [12],
    ]);
  });

  it('leaves a row unconstrained once it has left the frame', () => {
    expect(allowed([[3]])).toEqual([everyTokenBut([])]);
  });

  it('keeps the model logits of allowed tokens', () => {
    const processor = frameConstraintProcessor({ segments, eosTokenId: eos });
    const logits = tf.tensor2d([Array.from({ length: vocabSize }, (_, i) => i / 10)]);
    const out = processor.process(logits, { promptIds: [[1]], completionIds: [[10, 5]] });
    const row = out.arraySync()[0]!;
    tf.dispose([logits, out]);
    expect(row[5]).toBeCloseTo(0.5, 6);
    expect(row[eos]).toBe(-Infinity);
  });

  it('rejects malformed frames', async () => {
    const bad = [
      [],
      [{ kind: 'free' }, { kind: 'free' }],
      [{ kind: 'literal', tokenIds: [] }],
      [{ kind: 'free', maxTokens: 0 }],
      [{ kind: 'other' }],
    ];
    for (const frame of bad) {
      expect(
        await errorCode(() =>
          frameConstraintProcessor({ segments: frame as never, eosTokenId: 2 }),
        ),
      ).toBe('INVALID_ARGUMENT');
    }
  });
});
