import type { EmotionWheelScore } from '../score-emotion-wheel.js';

/**
 * Formats EW scores as a plain-text table: one line per wheel and the mean, with F, precision,
 * recall and the samples kept.
 *
 * @param score - The scores.
 * @param context - What was scored, for the heading.
 * @returns The table text, ending in a newline.
 */
export function formatScoreTable(
  score: EmotionWheelScore,
  context: { source: string; variant: string; level: number; samples: number },
): string {
  const number = (value: number) => (Number.isNaN(value) ? 'nan' : value.toFixed(4)).padStart(8);
  const lines = [
    `EW metric: ${context.source}, variant ${context.variant}, level ${context.level}, ${context.samples} samples`,
    `${'wheel'.padEnd(14)}${'F'.padStart(8)}${'P'.padStart(8)}${'R'.padStart(8)}${'samples'.padStart(9)}`,
    ...score.perWheel.map(
      (wheel) =>
        `${wheel.wheel.padEnd(14)}${number(wheel.f)}${number(wheel.precision)}${number(wheel.recall)}${String(wheel.samples).padStart(9)}`,
    ),
    `${'mean'.padEnd(14)}${number(score.f)}${number(score.precision)}${number(score.recall)}`,
  ];
  return `${lines.join('\n')}\n`;
}
