import { invalidArgument } from '@r1kit/core';
import type { EmotionWheelSet } from './emotion-wheel-set.js';
import type { LengthPenaltyKind } from './length-penalty.js';
import type { LabelField } from './parse-label-list.js';

/**
 * Keyword arguments of the EW rewards, in the TRL style `(completions, { groundTruth, ... })`.
 *
 * @category Rewards
 */
export interface EmotionWheelRewardOptions {
  /** Ground truth per completion: a list string (`"[happy, sad]"`) or a list of labels. */
  readonly groundTruth: readonly LabelField[];
  /** The resources. @defaultValue `builtinWheelSet()` */
  readonly wheels?: EmotionWheelSet;
  /** Wheel level, 1 or 2. @defaultValue `1` */
  readonly level?: 1 | 2;
  /** Length penalty multiplied in when more labels are predicted than the ground truth has. @defaultValue `'none'` */
  readonly lengthPenalty?: LengthPenaltyKind;
  /**
   * When true, the length penalty counts the answer's labels as the larger of its distinct
   * labels and its comma-separated fields ({@link labelListFields}, empty and repeated fields
   * included), so `sad,sad,,,` costs as much as five labels; when false it counts distinct
   * labels only (the paper's formula, which that answer games). Ignored with `parseAnswer`.
   * @defaultValue `true`
   */
  readonly penalizeRawItems?: boolean;
  /**
   * When true, a completion without an `<answer>` block gets reward 0; when false, the whole
   * completion is used as the answer. @defaultValue `true`
   */
  readonly requireTags?: boolean;
  /**
   * Turns the answer text into labels. The default is the official list parser
   * (`normalizeLabels`); pass `(answer) => extractEmotionWords(answer)` for free-text answers.
   * @defaultValue `normalizeLabels`
   */
  readonly parseAnswer?: (answer: string) => readonly string[];
}

/** Checks that completions are an array of strings (TRL's plain-text completions). */
export function checkCompletions(functionName: string, completions: readonly string[]): void {
  const bad = Array.isArray(completions)
    ? completions.findIndex((completion) => typeof completion !== 'string')
    : -1;
  if (!Array.isArray(completions) || bad >= 0) {
    throw invalidArgument({
      functionName,
      argument: Array.isArray(completions) ? `completions[${bad}]` : 'completions',
      received: Array.isArray(completions) ? completions[bad] : completions,
      expected: Array.isArray(completions)
        ? 'a string (pass the completion text, not a list of chat messages)'
        : 'an array of completion strings',
    });
  }
}

/** Checks completions, and that `groundTruth` has one entry per completion. */
export function checkRewardInputs(
  functionName: string,
  completions: readonly string[],
  options: { readonly groundTruth?: readonly LabelField[] } | undefined,
): readonly LabelField[] {
  checkCompletions(functionName, completions);
  const groundTruth = options?.groundTruth;
  if (!Array.isArray(groundTruth) || groundTruth.length !== completions.length) {
    throw invalidArgument({
      functionName,
      argument: 'options.groundTruth',
      received: groundTruth,
      expected: `an array with one label field per completion (${completions.length})`,
      code: Array.isArray(groundTruth) ? 'SHAPE_MISMATCH' : 'INVALID_ARGUMENT',
    });
  }
  return groundTruth;
}
