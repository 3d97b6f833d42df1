import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { R1kitError } from '@r1kit/core';
import type { EwScores } from '../eval/ew-scorer.js';
import { svgLinePlot } from './svg-line-plot.js';

/**
 * One row of the before/after table.
 *
 * @category Report
 */
export interface EvaluationRow {
  /** Which model, e.g. `after SFT`. */
  readonly stage: string;
  /** EW scores on the test split. */
  readonly scores: EwScores;
  /** Fraction of completions with a well-formed answer. */
  readonly formatRate: number;
  /** Mean number of predicted labels per answer. */
  readonly meanLabels: number;
}

/**
 * Everything written to `report.json` and `report.md`.
 *
 * @category Report
 */
export interface ReportInput {
  /** The run configuration (any JSON-serialisable object). */
  readonly config: object;
  /** The command that produced the run. */
  readonly command: string;
  /** Per-step GRPO metrics, as written to the metrics JSONL (TRL names). */
  readonly steps: ReadonlyArray<Readonly<Record<string, number>>>;
  /** The before/after table. */
  readonly evaluation: readonly EvaluationRow[];
  /** Wall seconds per stage. */
  readonly timings: Readonly<Record<string, number>>;
  /** Free-text notes (backend, scorer, what was skipped). */
  readonly notes: readonly string[];
}

/**
 * The plots of the report: a title, the file name and the metric keys drawn (the first key
 * present in the metrics is used for each line).
 *
 * @category Report
 */
export const reportPlots: ReadonlyArray<{
  title: string;
  file: string;
  lines: ReadonlyArray<{ label: string; keys: readonly string[] }>;
}> = [
  { title: 'Reward', file: 'reward.svg', lines: [{ label: 'reward', keys: ['reward'] }] },
  {
    title: 'EW-F (accuracy reward)',
    file: 'ew-f.svg',
    lines: [{ label: 'EW-F', keys: ['rewards/accuracy/mean', 'ew_f'] }],
  },
  {
    title: 'Completion length (tokens)',
    file: 'completion-length.svg',
    lines: [{ label: 'mean', keys: ['completions/mean_length'] }],
  },
  { title: 'KL to the reference', file: 'kl.svg', lines: [{ label: 'kl', keys: ['kl'] }] },
  {
    title: 'Clip ratio',
    file: 'clip-ratio.svg',
    lines: [{ label: 'region', keys: ['clip_ratio/region_mean', 'clip_ratio'] }],
  },
];

const percent = (value: number) => (100 * value).toFixed(2);

function markdown(input: ReportInput, plots: readonly string[]): string {
  const missing = reportPlots
    .filter((plot) => !plots.includes(plot.file))
    .map((plot) => plot.title);
  const table = [
    '| model | EW-F | EW-P | EW-R | format ok | labels/answer |',
    '|---|---|---|---|---|---|',
    ...input.evaluation.map(
      (row) =>
        `| ${row.stage} | ${percent(row.scores.f)} | ${percent(row.scores.p)} | ${percent(row.scores.r)} | ${percent(row.formatRate)}% | ${row.meanLabels.toFixed(2)} |`,
    ),
  ];
  const timings = Object.entries(input.timings).map(
    ([stage, seconds]) => `${stage} ${seconds.toFixed(1)} s`,
  );
  return [
    '# AffectGPT-R1 run report',
    '',
    `Command: \`${input.command}\``,
    '',
    '## Test split, same decoding before and after GRPO',
    '',
    ...table,
    '',
    `Timings: ${timings.join(', ') || 'n/a'}.`,
    '',
    ...(input.notes.length > 0
      ? ['## Notes', '', ...input.notes.map((note) => `- ${note}`), '']
      : []),
    ...(plots.length > 0
      ? ['## Training curves (GRPO)', '', ...plots.map((file) => `![${file}](plots/${file})`), '']
      : []),
    ...(missing.length > 0
      ? [`Not plotted (no such metric in this run): ${missing.join(', ')}.`, '']
      : []),
  ].join('\n');
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

/**
 * Writes `report.json`, `report.md` and `plots/*.svg` into a run directory. A plot is written only
 * when at least one of its metric keys appears in the steps.
 *
 * @param directory - The run directory (created if missing).
 * @param input - See {@link ReportInput}.
 * @returns The paths written.
 * @throws R1kitError `IO_ERROR` when the directory cannot be written.
 * @example
 * ```ts
 * await writeReport('runs/tiny-seed1', { config, command, steps, evaluation, timings, notes: [] });
 * ```
 * @category Report
 */
export async function writeReport(directory: string, input: ReportInput): Promise<string[]> {
  try {
    await mkdir(path.join(directory, 'plots'), { recursive: true });
    const written: string[] = [];
    const plotFiles: string[] = [];
    for (const plot of reportPlots) {
      const series = plot.lines
        .map((line) => {
          const key = line.keys.find((candidate) => input.steps.some((step) => candidate in step));
          if (key === undefined) return undefined;
          const points = input.steps.map(
            (step, index) => [step.step ?? index, step[key] ?? Number.NaN] as const,
          );
          return { label: line.label, points };
        })
        .filter((series) => series !== undefined);
      if (series.length === 0) continue;
      const file = path.join(directory, 'plots', plot.file);
      await writeAtomically(file, svgLinePlot(series, { title: plot.title }));
      plotFiles.push(plot.file);
      written.push(file);
    }
    const json = path.join(directory, 'report.json');
    await writeAtomically(json, `${JSON.stringify(input, null, 2)}\n`);
    const md = path.join(directory, 'report.md');
    await writeAtomically(md, markdown(input, plotFiles));
    return [json, md, ...written];
  } catch (error) {
    throw new R1kitError({
      code: 'IO_ERROR',
      message: `writeReport: cannot write the report into ${JSON.stringify(directory)}: ${(error as Error).message}`,
      cause: error,
    });
  }
}
