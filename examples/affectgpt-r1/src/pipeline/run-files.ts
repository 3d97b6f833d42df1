import { readFile, writeFile } from 'node:fs/promises';
import type { MerSample } from '@r1kit/datasets';
import type { EvaluationRow } from './evaluate-policy.js';

/**
 * Writes one JSON line per test sample: name, truth and the decoded completion.
 *
 * @param file - The `.jsonl` file.
 * @param samples - The evaluated samples.
 * @param completions - Their completions, aligned with `samples`.
 * @example
 * ```ts
 * await writeCompletions('runs/x/completions-after-sft.jsonl', test, completions);
 * ```
 * @category Pipeline
 */
export async function writeCompletions(
  file: string,
  samples: readonly MerSample[],
  completions: readonly string[],
): Promise<void> {
  const lines = samples.map((sample, index) =>
    JSON.stringify({ name: sample.name, truth: sample.labels, completion: completions[index] }),
  );
  await writeFile(file, `${lines.join('\n')}\n`);
}

/**
 * The saved "after SFT" evaluation row of a run being resumed, or `undefined` when it is
 * missing or damaged (the caller then recomputes it on the SFT model).
 *
 * @param file - `evaluation-sft.json` of the run directory.
 * @returns The row, or `undefined`.
 * @example
 * ```ts
 * const row = await readSftRow('runs/x/evaluation-sft.json');
 * ```
 * @category Pipeline
 */
export async function readSftRow(file: string): Promise<EvaluationRow | undefined> {
  try {
    const row = JSON.parse(await readFile(file, 'utf8')) as EvaluationRow;
    const { f, precision, recall } = row.scores;
    const numbers = [f, precision, recall, row.formatRate, row.meanLabels];
    return row.stage === 'after SFT' && numbers.every(Number.isFinite) ? row : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Seconds spent per stage: `lap(name)` adds the time since the previous lap to `name`.
 *
 * @returns The per-stage seconds and the lap function.
 * @example
 * ```ts
 * const { timings, lap } = stopwatch();
 * lap('data');
 * ```
 * @category Pipeline
 */
export function stopwatch(): { timings: Record<string, number>; lap: (name: string) => void } {
  const timings: Record<string, number> = {};
  let clock = performance.now();
  return {
    timings,
    lap: (name) => {
      const now = performance.now();
      timings[name] = (timings[name] ?? 0) + (now - clock) / 1000;
      clock = now;
    },
  };
}
