/**
 * One part of a required output frame: fixed tokens (a tag such as `<answer>`), or free text.
 *
 * @category Processors
 */
export type FrameSegment =
  | {
      /** Fixed tokens that must appear verbatim. */
      kind: 'literal';
      /** The token ids of the literal, in order; at least one. */
      tokenIds: ReadonlyArray<number>;
    }
  | {
      /** Free text chosen by the model. */
      kind: 'free';
      /**
       * Longest free run; when reached, the following literal is forced.
       *
       * @defaultValue unlimited
       */
      maxTokens?: number;
    };

/**
 * Where a completion stands in a frame.
 *
 * @category Processors
 */
export interface FramePosition {
  /** Index of the current segment (`segments.length` once the frame is complete). */
  segment: number;
  /** Tokens of the current segment emitted so far. */
  offset: number;
  /** Whether the completion left the frame (a literal token other than the forced one). */
  violated: boolean;
}

/**
 * Replays a completion through a frame to find where it stands. In a free segment followed by a literal, the free
 * segment ends as soon as its tokens end with the literal's tokens (the literal is then done),
 * or when it reaches `maxTokens` (the literal is then forced from its first token).
 *
 * @param segments - The frame.
 * @param completionIds - The tokens generated so far.
 * @returns The current segment and offset, and whether the frame was violated.
 *
 * @example
 * ```ts
 * import { framePosition } from '@r1kit/sampling';
 * framePosition([{ kind: 'literal', tokenIds: [5, 6] }, { kind: 'free' }], [5]);
 * // { segment: 0, offset: 1, violated: false }
 * ```
 *
 * @category Processors
 */
export function framePosition(
  segments: ReadonlyArray<FrameSegment>,
  completionIds: ReadonlyArray<number>,
): FramePosition {
  let segment = 0;
  let offset = 0;
  for (let i = 0; i < completionIds.length && segment < segments.length; i += 1) {
    const current = segments[segment]!;
    const tokenId = completionIds[i]!;
    if (current.kind === 'literal') {
      if (current.tokenIds[offset] !== tokenId) return { segment, offset, violated: true };
      offset += 1;
      if (offset === current.tokenIds.length) [segment, offset] = [segment + 1, 0];
      continue;
    }
    offset += 1;
    const next = segments[segment + 1];
    if (next?.kind === 'literal' && endsWith(completionIds, i + 1, offset, next.tokenIds)) {
      [segment, offset] = [segment + 2, 0];
    } else if (next && current.maxTokens !== undefined && offset >= current.maxTokens) {
      [segment, offset] = [segment + 1, 0];
    }
  }
  return { segment, offset, violated: false };
}

function endsWith(
  ids: ReadonlyArray<number>,
  end: number,
  available: number,
  suffix: ReadonlyArray<number>,
): boolean {
  if (suffix.length > available) return false;
  return suffix.every((id, j) => ids[end - suffix.length + j] === id);
}
