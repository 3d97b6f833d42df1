import { invalidArgument } from '@r1kit/core';
import type { StepMetrics } from '../metrics/metrics-log.js';
import { renderLinePlotSvg } from './render-line-plot-svg.js';
import { reportMarkdown } from './report-markdown.js';
import { grpoReportPlots, type ReportPlot } from './report-plot.js';
import type { TrainingReportOptions } from './training-report-options.js';

/**
 * The files of a training report, as text: what {@link writeTrainingReport} writes.
 *
 * @category Reports
 */
export interface TrainingReport {
  /** `report.md`: title, command, evaluation table, timings, notes and the plots' images. */
  readonly markdown: string;
  /** `report.json`: `config`, `command`, `steps`, `evaluation` (the rows), `timings`, `notes`. */
  readonly json: string;
  /** The SVG plots that have data, in the order of the options' `plots`, for `plots/<file>`. */
  readonly plots: ReadonlyArray<{ readonly file: string; readonly svg: string }>;
  /** Titles of the plots left out because none of their metric keys appears in the steps. */
  readonly notPlotted: readonly string[];
}

/** The series of one plot: for each line, the first of its keys that appears in any step. */
function plotSeries(plot: ReportPlot, steps: ReadonlyArray<Readonly<StepMetrics>>) {
  return plot.lines.flatMap((line) => {
    const key = line.keys.find((candidate) => steps.some((step) => candidate in step));
    if (key === undefined) return [];
    const points = steps.map(
      (step, index) => [step.step ?? index, step[key] ?? Number.NaN] as const,
    );
    return [{ label: line.label, points }];
  });
}

function reportJson(data: object): string {
  try {
    return JSON.stringify(data, null, 2);
  } catch (error) {
    throw invalidArgument({
      functionName: 'buildTrainingReport',
      argument: 'options',
      received: (error as Error).message,
      expected:
        'JSON-serialisable config, steps, evaluation rows and timings (no cycles, no BigInt)',
    });
  }
}

/**
 * Builds a training report from a run's per-step metrics and an optional evaluation table:
 * Markdown, JSON and one SVG line plot per metric plot that has data. Runs anywhere (no file
 * system); {@link writeTrainingReport} writes the result into a run directory.
 *
 * @param options - The steps and what else the report shows; see {@link TrainingReportOptions}.
 * @returns The report's files as text.
 * @throws R1kitError `INVALID_ARGUMENT` when the configuration cannot be written as JSON.
 *
 * @example
 * ```ts
 * import { buildTrainingReport } from '@r1kit/trainer';
 * const report = buildTrainingReport({
 *   title: 'Toy run',
 *   steps: [
 *     { step: 1, reward: 0.2, kl: 0 },
 *     { step: 2, reward: 0.5, kl: 0.01 },
 *   ],
 *   evaluation: {
 *     rows: [{ stage: 'after GRPO', accuracy: 0.75 }],
 *     columns: [
 *       { header: 'model', cell: (row) => row.stage },
 *       { header: 'accuracy', cell: (row) => row.accuracy.toFixed(2) },
 *     ],
 *   },
 * });
 * console.log(report.plots.map((plot) => plot.file)); // ['reward.svg', 'kl.svg']
 * console.log(report.markdown.includes('| after GRPO | 0.75 |')); // true
 * ```
 *
 * @category Reports
 */
export function buildTrainingReport<Row>(options: TrainingReportOptions<Row>): TrainingReport {
  const plots: Array<{ file: string; svg: string }> = [];
  const notPlotted: string[] = [];
  for (const plot of options.plots ?? grpoReportPlots) {
    const series = plotSeries(plot, options.steps);
    if (series.length === 0) {
      notPlotted.push(plot.title);
      continue;
    }
    plots.push({ file: plot.file, svg: renderLinePlotSvg({ series, title: plot.title }) });
  }
  const data = {
    config: options.config,
    command: options.command,
    steps: options.steps,
    evaluation: options.evaluation?.rows,
    timings: options.timings,
    notes: options.notes ?? [],
  };
  return {
    markdown: reportMarkdown(
      options,
      plots.map((plot) => plot.file),
      notPlotted,
    ),
    json: `${reportJson(data)}\n`,
    plots,
    notPlotted,
  };
}
