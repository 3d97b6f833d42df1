import type { FrameSegment } from './frame-position.js';

/**
 * Options of {@link thinkAnswerFrame}: the token ids of the four tags and optional budgets.
 *
 * @category Processors
 */
export interface ThinkAnswerFrameOptions {
  /** Token ids of `<think>`. */
  thinkOpen: ReadonlyArray<number>;
  /** Token ids of `</think>`. */
  thinkClose: ReadonlyArray<number>;
  /** Token ids of `<answer>`. */
  answerOpen: ReadonlyArray<number>;
  /** Token ids of `</answer>`. */
  answerClose: ReadonlyArray<number>;
  /**
   * Longest reasoning before `</think>` is forced.
   *
   * @defaultValue unlimited
   */
  maxThinkTokens?: number;
  /**
   * Longest answer before `</answer>` is forced.
   *
   * @defaultValue unlimited
   */
  maxAnswerTokens?: number;
}

/**
 * The R1 frame `<think>...</think><answer>...</answer>` as segments for
 * {@link frameConstraintProcessor}.
 *
 * @param options - The tag token ids and optional budgets.
 * @returns Six segments: literal, free, literal, literal, free, literal.
 *
 * @example
 * ```ts
 * import { thinkAnswerFrame } from '@r1kit/sampling';
 * const segments = thinkAnswerFrame({ thinkOpen: [10], thinkClose: [11], answerOpen: [12], answerClose: [13] });
 * ```
 *
 * @category Processors
 */
export function thinkAnswerFrame(options: ThinkAnswerFrameOptions): FrameSegment[] {
  return [
    { kind: 'literal', tokenIds: options.thinkOpen },
    { kind: 'free', maxTokens: options.maxThinkTokens },
    { kind: 'literal', tokenIds: options.thinkClose },
    { kind: 'literal', tokenIds: options.answerOpen },
    { kind: 'free', maxTokens: options.maxAnswerTokens },
    { kind: 'literal', tokenIds: options.answerClose },
  ];
}
