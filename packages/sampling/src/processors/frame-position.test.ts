import { describe, expect, it } from 'vitest';
import { type FrameSegment, framePosition } from './frame-position.js';
import { thinkAnswerFrame } from './think-answer-frame.js';

// <think> = [10], </think> = [11, 12], <answer> = [13], </answer> = [14].
const segments = thinkAnswerFrame({
  thinkOpen: [10],
  thinkClose: [11, 12],
  answerOpen: [13],
  answerClose: [14],
});

describe('framePosition', () => {
  it('walks literal and free segments', () => {
    expect(framePosition(segments, [])).toEqual({ segment: 0, offset: 0, violated: false });
    expect(framePosition(segments, [10])).toEqual({ segment: 1, offset: 0, violated: false });
    expect(framePosition(segments, [10, 5, 6])).toEqual({ segment: 1, offset: 2, violated: false });
    // A lone 11 inside the reasoning is just text until 12 completes </think>.
    expect(framePosition(segments, [10, 5, 11])).toEqual({
      segment: 1,
      offset: 2,
      violated: false,
    });
    expect(framePosition(segments, [10, 5, 11, 12])).toEqual({
      segment: 3,
      offset: 0,
      violated: false,
    });
    expect(framePosition(segments, [10, 5, 11, 12, 13, 7, 14])).toEqual({
      segment: 6,
      offset: 0,
      violated: false,
    });
  });

  it('ends a free segment at maxTokens and reports a violated literal', () => {
    const limited: FrameSegment[] = [
      { kind: 'free', maxTokens: 2 },
      { kind: 'literal', tokenIds: [20, 21] },
    ];
    expect(framePosition(limited, [1, 2])).toEqual({ segment: 1, offset: 0, violated: false });
    expect(framePosition(limited, [1, 2, 20])).toEqual({ segment: 1, offset: 1, violated: false });
    expect(framePosition(limited, [1, 2, 5])).toEqual({ segment: 1, offset: 0, violated: true });
  });
});
