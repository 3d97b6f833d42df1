import type { SelectedBackend } from '@r1kit/core';
import type { EmotionWheelSet } from '@r1kit/emotion-wheel';
import { grpoReportPlots, type NamedRewardFunction, writeTrainingReport } from '@r1kit/trainer';
import type { RunConfig } from '../cli/run-config.js';
import type { EvaluationRow } from './evaluate-policy.js';

/**
 * Inputs of {@link writeRecipeReport}.
 *
 * @category Pipeline
 */
export interface RecipeReportInput {
  /** The run configuration (written to `report.json`). */
  config: RunConfig;
  /** The command line, recorded in the report. */
  command: string;
  /** The backend the run used. */
  backend: SelectedBackend;
  /** The wheels the evaluation scored against. */
  wheels: EmotionWheelSet;
  /** GRPO's `metrics.jsonl` rows. */
  steps: ReadonlyArray<Record<string, number>>;
  /** The before/after rows. */
  evaluation: readonly EvaluationRow[];
  /** GRPO's reward functions and their weights (named in the notes). */
  rewards: { functions: ReadonlyArray<NamedRewardFunction<never>>; weights: readonly number[] };
  /** Seconds per stage. */
  timings: Record<string, number>;
}

const percent = (value: number) => (100 * value).toFixed(2);

/**
 * Writes `report.md`, `report.json` and the SVG plots of a run with the trainer's
 * `writeTrainingReport`: the before/after table (EW-F, EW-P, EW-R, format rate, labels per
 * answer) and the trainer's GRPO plots with the EW-F curve after the reward.
 *
 * @param input - See {@link RecipeReportInput}.
 * @returns Resolves when the files are written.
 * @example
 * ```ts
 * await writeRecipeReport({ config, command: 'npm start', backend, wheels, steps, evaluation, rewards, timings });
 * ```
 * @category Pipeline
 */
export async function writeRecipeReport(input: RecipeReportInput): Promise<void> {
  const { config, backend, wheels, rewards } = input;
  const wheelsName = config.ewResources
    ? `official wheels (${config.ewResources})`
    : 'built-in wheels';
  await writeTrainingReport({
    directory: config.out,
    title: 'AffectGPT-R1 run report',
    config,
    command: input.command,
    steps: input.steps,
    evaluation: {
      title: 'Test split, same decoding before and after GRPO',
      rows: input.evaluation,
      columns: [
        { header: 'model', cell: (row) => row.stage },
        { header: 'EW-F', cell: (row) => percent(row.scores.f) },
        { header: 'EW-P', cell: (row) => percent(row.scores.precision) },
        { header: 'EW-R', cell: (row) => percent(row.scores.recall) },
        { header: 'format ok', cell: (row) => `${percent(row.formatRate)}%` },
        { header: 'labels/answer', cell: (row) => row.meanLabels.toFixed(2) },
      ],
    },
    // The trainer's GRPO plots, with the EW-F (the accuracy reward) after the reward.
    plots: [
      ...grpoReportPlots.slice(0, 1),
      {
        title: 'EW-F (accuracy reward)',
        file: 'ew-f.svg',
        lines: [{ label: 'EW-F', keys: ['rewards/accuracy/mean', 'ew_f'] }],
      },
      ...grpoReportPlots.slice(1),
    ],
    plotsTitle: 'Training curves (GRPO)',
    timings: input.timings,
    notes: [
      `backend: ${backend.name} (${backend.reason})`,
      `metric: level-1 EW F/P/R over the ${wheels.trees.length} ${wheelsName}, MER2026 zero guards; decoding: temperature ${config.temperature}, top-p ${config.topP}, same seed before and after GRPO`,
      `rewards: ${rewards.functions.map((fn, index) => `${fn.name} x ${rewards.weights[index]}`).join(', ')}; length penalty ${config.lengthPenalty}`,
    ],
  });
}
