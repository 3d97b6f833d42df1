import { invalidArgument } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { denseRows } from './dense-rows.js';
import { type FrameSegment, framePosition } from './frame-position.js';
import type { LogitsProcessor } from './logits-processor.js';

/**
 * Options of {@link frameConstraintProcessor}.
 *
 * @category Processors
 */
export interface FrameConstraintOptions {
  /** The frame, in order. Two free segments may not be adjacent (where one ends is ambiguous). */
  segments: ReadonlyArray<FrameSegment>;
  /**
   * End-of-sequence id(s): banned while a literal is still to come, forced once the frame is
   * complete. Without it, tokens after the frame are unconstrained.
   *
   * @defaultValue none
   */
  eosTokenId?: number | ReadonlyArray<number>;
}

/**
 * Constrained decoding for a required output frame such as
 * `<think>...</think><answer>...</answer>`: literal segments are forced token by token, free
 * segments are sampled freely (end-of-sequence banned while a literal remains), and once the
 * frame is complete the end-of-sequence token is forced. The state of each row is recomputed
 * from its completion at every step, so the processor holds no state between calls. A row
 * whose completion left the frame (a later processor overrode a forced token) is left
 * unconstrained.
 *
 * @param options - The frame and the end-of-sequence id(s).
 * @returns A processor.
 *
 * @example
 * ```ts
 * import { frameConstraintProcessor, thinkAnswerFrame } from '@r1kit/sampling';
 * const frame = frameConstraintProcessor({
 *   segments: thinkAnswerFrame({ thinkOpen: [10], thinkClose: [11], answerOpen: [12], answerClose: [13] }),
 *   eosTokenId: 2,
 * });
 * ```
 *
 * @category Processors
 */
export function frameConstraintProcessor(options: FrameConstraintOptions): LogitsProcessor {
  const segments = validateSegments(options?.segments);
  const eos = options.eosTokenId === undefined ? [] : [options.eosTokenId].flat();
  return {
    name: 'frame-constraint',
    process: (logits, context) => {
      const forced: number[] = [];
      const banned = context.completionIds.map((completion) => {
        const position = framePosition(segments, completion);
        const current = segments[position.segment];
        let force = -1;
        if (!position.violated && current?.kind === 'literal') {
          force = current.tokenIds[position.offset]!;
        } else if (!position.violated && !current && eos.length > 0) {
          force = eos[0]!;
        }
        forced.push(force);
        const literalAhead = segments.slice(position.segment).some((s) => s.kind === 'literal');
        const banEos = literalAhead && force < 0 && !position.violated;
        return new Map(banEos ? eos.map((id) => [id, 1]) : []);
      });
      const vocabSize = logits.shape[1];
      const minusInfinity = tf.fill(logits.shape, -Infinity);
      const bannedMask = denseRows(banned, vocabSize, 'frameConstraintProcessor');
      const free = tf.where(tf.greater(bannedMask, 0), minusInfinity, logits);
      const forcedMap = forced.map((id) => new Map(id >= 0 ? [[id, 1]] : []));
      const forcedMask = tf.greater(denseRows(forcedMap, vocabSize, 'frameConstraintProcessor'), 0);
      const isForced = tf.reshape(tf.tensor1d(forced.map((id) => (id >= 0 ? 1 : 0))), [-1, 1]);
      const onlyForced = tf.where(forcedMask, logits, minusInfinity);
      const forcedRows = tf.greater(tf.broadcastTo(isForced, logits.shape), 0);
      return tf.where(forcedRows, onlyForced, free) as tf.Tensor2D;
    },
  };
}

function validateSegments(segments: unknown): ReadonlyArray<FrameSegment> {
  const fail = (expected: string) =>
    invalidArgument({
      functionName: 'frameConstraintProcessor',
      argument: 'options.segments',
      received: segments,
      expected,
    });
  if (!Array.isArray(segments) || segments.length === 0) throw fail('a non-empty array');
  segments.forEach((segment: FrameSegment, i) => {
    if (segment?.kind === 'literal') {
      const ids = segment.tokenIds;
      if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => Number.isInteger(id))) {
        throw fail(`segments whose literal tokenIds are non-empty integer arrays (segment ${i})`);
      }
    } else if (segment?.kind === 'free') {
      const max = segment.maxTokens;
      if (max !== undefined && !(Number.isInteger(max) && max >= 1)) {
        throw fail(`a free segment maxTokens that is an integer >= 1 (segment ${i})`);
      }
      if (segments[i - 1]?.kind === 'free') throw fail(`no two adjacent free segments (${i})`);
    } else {
      throw fail(`segments of kind 'literal' or 'free' (segment ${i})`);
    }
  });
  return segments;
}
