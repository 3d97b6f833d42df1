import { invalidArgument } from '@r1kit/core';

/**
 * Which AffectGPT-R1 length penalty to apply: `none`, `p1`, `p2` or `p3` (see {@link lengthPenalty}).
 *
 * @category Rewards
 */
export type LengthPenaltyKind = 'none' | 'p1' | 'p2' | 'p3';

/**
 * Options for {@link lengthPenalty}.
 *
 * @category Rewards
 */
export interface LengthPenaltyOptions {
  /** Which penalty. @defaultValue `'p2'` */
  readonly kind?: LengthPenaltyKind;
}

/**
 * The multiplicative length penalty of AffectGPT-R1 against reward hacking by listing many
 * labels. With o = number of predicted labels and y = number of ground-truth labels, the
 * penalty is 1 when o <= y; otherwise
 *
 * - P1 = 1 / (o - y + 1)
 * - P2 = y / o
 * - P3 = ln y / ln o for y >= 2; for y = 1 (where ln y = 0 would zero every longer answer)
 *   this package uses ln 2 / ln(o + 1), the same curve shifted by one label.
 *
 * The formulas come from third-party re-implementations (the paper's equations were not
 * available); the y = 1 case of P3 is this package's choice.
 *
 * @param predictedCount - Number of predicted labels (a non-negative integer).
 * @param truthCount - Number of ground-truth labels (a non-negative integer).
 * @param options - Which penalty.
 * @returns A factor in (0, 1]; 1 when `truthCount` is 0.
 *
 * @example
 * ```ts
 * import { lengthPenalty } from '@r1kit/emotion-wheel';
 * lengthPenalty(
4, 2, { kind: 'p2' }); // 0.5
 * ```
 *
 * @category Rewards
 */
export function lengthPenalty(
  predictedCount: number,
  truthCount: number,
  options: LengthPenaltyOptions = {},
): number {
  const kind = options.kind ?? 'p2';
  for (const [argument, value] of [
    ['predictedCount', predictedCount],
    ['truthCount', truthCount],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw invalidArgument({
        functionName: 'lengthPenalty',
        argument,
        received: value,
        expected: 'a non-negative integer',
      });
    }
  }
  if (kind === 'none' || predictedCount <= truthCount || truthCount === 0) return 1;
  switch (kind) {
    case 'p1':
      return 1 / (predictedCount - truthCount + 1);
    case 'p2':
      return truthCount / predictedCount;
    case 'p3':
      return truthCount === 1
        ? Math.log(2) / Math.log(predictedCount + 1)
        : Math.log(truthCount) / Math.log(predictedCount);
    default:
      throw invalidArgument({
        functionName: 'lengthPenalty',
        argument: 'options.kind',
        received: kind,
        expected: "'none', 'p1', 'p2' or 'p3'",
      });
  }
}
