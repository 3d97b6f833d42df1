import type { StepMetrics } from '../metrics/metrics-log.js';
import type { ReportPlot } from './report-plot.js';

/**
 * One column of an {@link EvaluationTable}.
 *
 * @category Reports
 */
export interface EvaluationColumn<Row> {
  /** Column header. */
  readonly header: string;
  /** The cell text of a row (a `|` in it is escaped). */
  readonly cell: (row: Row) => string;
}

/**
 * A table of evaluation results, typically one row per stage (`after SFT`, `after GRPO`). The
 * rows are stored as they are in `report.json`; the columns say how `report.md` shows them.
 *
 * @category Reports
 */
export interface EvaluationTable<Row> {
  /**
   * Heading of the table's section in `report.md`.
   *
   * @defaultValue `'Evaluation'`
   */
  readonly title?: string;
  /** The rows (JSON-serialisable). */
  readonly rows: readonly Row[];
  /** The columns, in order. */
  readonly columns: ReadonlyArray<EvaluationColumn<Row>>;
}

/**
 * What a training report shows. Everything but `steps` is optional; a section without data is
 * left out.
 *
 * @category Reports
 */
export interface TrainingReportOptions<Row = unknown> {
  /**
   * Per-step metrics as `readMetrics` returns them from `metrics.jsonl` (TRL names); `step` is
   * the x coordinate of the plots (the row index when absent), and `null` leaves a gap.
   */
  readonly steps: ReadonlyArray<Readonly<StepMetrics>>;
  /**
   * First heading of `report.md`.
   *
   * @defaultValue `'Training report'`
   */
  readonly title?: string;
  /**
   * The command that produced the run, shown under the title.
   *
   * @defaultValue none: no command line
   */
  readonly command?: string;
  /**
   * The run configuration (any JSON-serialisable object), stored in `report.json` only.
   *
   * @defaultValue none
   */
  readonly config?: object;
  /**
   * The evaluation table (for example before and after GRPO).
   *
   * @defaultValue none: no table
   */
  readonly evaluation?: EvaluationTable<Row>;
  /**
   * Wall seconds per stage, shown as one line (`n/a` when empty).
   *
   * @defaultValue none: no timings line
   */
  readonly timings?: Readonly<Record<string, number>>;
  /**
   * Free-text notes (backend, metric, what was skipped), one bullet each.
   *
   * @defaultValue `[]`
   */
  readonly notes?: readonly string[];
  /**
   * The plots, in order.
   *
   * @defaultValue {@link grpoReportPlots}
   */
  readonly plots?: readonly ReportPlot[];
  /**
   * Heading of the plots' section in `report.md`.
   *
   * @defaultValue `'Training curves'`
   */
  readonly plotsTitle?: string;
}
