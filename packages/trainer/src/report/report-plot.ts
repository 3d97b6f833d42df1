/**
 * One line of a {@link ReportPlot}: a legend label and the metric keys it may be drawn from.
 *
 * @category Reports
 */
export interface ReportPlotLine {
  /** Legend label. */
  readonly label: string;
  /**
   * Metric names (`metrics.jsonl` keys) in order of preference: the first one that appears in
   * any step is drawn, so one plot serves runs that log a metric under an older name.
   */
  readonly keys: readonly string[];
}

/**
 * One plot of a training report: a title, the SVG file name and the lines drawn from the
 * per-step metrics. A plot none of whose lines has data is listed as not plotted.
 *
 * @category Reports
 */
export interface ReportPlot {
  /** Title above the plot. */
  readonly title: string;
  /** File name under `plots/`, e.g. `reward.svg`. */
  readonly file: string;
  /** The lines. */
  readonly lines: readonly ReportPlotLine[];
}

/**
 * The default plots of a GRPO run, drawn from the TRL metric names that `GrpoTrainer` writes:
 * `reward`, `completions/mean_length`, `kl` and `clip_ratio/region_mean`. A recipe adds its own
 * (for example one reward function's `rewards/<name>/mean`) around them.
 *
 * @example
 * ```ts
 * import { grpoReportPlots } from '@r1kit/trainer';
 * console.log(grpoReportPlots.map((plot) => plot.file)); // ['reward.svg', 'completion-length.svg', 'kl.svg', 'clip-ratio.svg']
 * ```
 *
 * @category Reports
 */
export const grpoReportPlots: readonly ReportPlot[] = [
  { title: 'Reward', file: 'reward.svg', lines: [{ label: 'reward', keys: ['reward'] }] },
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
