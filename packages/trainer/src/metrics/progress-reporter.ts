/**
 * A writable stream that may be a terminal (`process.stderr` is one).
 *
 * @category Metrics
 */
export interface ProgressStream {
  /** Writes text. */
  write(text: string): unknown;
  /** Whether the stream is a terminal (then the bar is redrawn in place). */
  isTTY?: boolean;
  /** Terminal width in characters. */
  columns?: number;
}

/**
 * Options of {@link ProgressReporter}.
 *
 * @category Metrics
 */
export interface ProgressReporterOptions {
  /** Total number of steps (for the percentage and ETA). */
  totalSteps: number;
  /**
   * Where to write.
   *
   * @defaultValue `process.stderr`
   */
  stream?: ProgressStream;
  /**
   * Label printed before the bar.
   *
   * @defaultValue 'train'
   */
  label?: string;
  /**
   * Metrics shown next to the bar, in order (the others are only in the JSONL log).
   *
   * @defaultValue ['loss', 'reward']
   */
  shownMetrics?: string[];
  /**
   * Without a terminal, print a line every this many steps (and at the last step).
   *
   * @defaultValue about 50 lines per run: `max(1, round(totalSteps / 50))`
   */
  plainLineEvery?: number;
  /**
   * Steps already done when the clock starts (a resumed run), so the ETA uses only this run's pace.
   *
   * @defaultValue 0
   */
  initialStep?: number;
  /**
   * Clock in milliseconds (tests inject a fake one).
   *
   * @defaultValue `Date.now`
   */
  now?: () => number;
}

/**
 * A progress display with ETA: a redrawn bar on a terminal, one plain line per update otherwise
 * (logs, CI).
 *
 * @example
 * ```ts
 * import { ProgressReporter } from '@r1kit/trainer';
 * const progress = new ProgressReporter({ totalSteps: 100 });
 * progress.update(1, { loss: 2.3 });
 * progress.finish();
 * ```
 *
 * @category Metrics
 */
export class ProgressReporter {
  private readonly stream: ProgressStream;
  private readonly now: () => number;
  private readonly startedAt: number;
  private drewBar = false;

  /** Starts the clock. */
  constructor(private readonly options: ProgressReporterOptions) {
    this.stream = options.stream ?? process.stderr;
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
  }

  /**
   * Shows that `step` steps are done.
   *
   * @param step - Completed steps (1-based count).
   * @param metrics - The step's metrics; the `shownMetrics` among them are printed.
   */
  update(step: number, metrics: Record<string, number | null | undefined> = {}): void {
    const total = this.options.totalSteps;
    const elapsed = (this.now() - this.startedAt) / 1000;
    const done = step - (this.options.initialStep ?? 0);
    const remaining = done > 0 ? (elapsed / done) * Math.max(0, total - step) : Number.NaN;
    const shown = (this.options.shownMetrics ?? ['loss', 'reward'])
      .filter((key) => typeof metrics[key] === 'number')
      .map((key) => `${key} ${formatNumber(metrics[key] as number)}`)
      .join(' | ');
    const percent = Math.floor((100 * step) / Math.max(1, total));
    const label = this.options.label ?? 'train';
    const timing = `${formatDuration(elapsed)}<${formatDuration(remaining)}`;
    if (this.stream.isTTY) {
      const width = 24;
      const filled = Math.round((width * Math.min(step, total)) / Math.max(1, total));
      const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
      const line = `${label} [${bar}] ${step}/${total} ${percent}% ${timing}${shown ? ` | ${shown}` : ''}`;
      this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 120) - 1)}\u001b[K`);
      this.drewBar = true;
    } else {
      const every = this.options.plainLineEvery ?? Math.max(1, Math.round(total / 50));
      if (step % every !== 0 && step < total) return;
      this.stream.write(
        `${label} step ${step}/${total} (${percent}%) elapsed ${formatDuration(elapsed)} eta ${formatDuration(remaining)}${shown ? ` | ${shown}` : ''}\n`,
      );
    }
  }

  /** Ends the bar's line on a terminal. */
  finish(): void {
    if (this.drewBar) this.stream.write('\n');
    this.drewBar = false;
  }
}

function formatNumber(value: number): string {
  if (value === 0 || (Math.abs(value) >= 0.01 && Math.abs(value) < 1e5)) return value.toFixed(4);
  return value.toExponential(2);
}

/** `1h02m`, `3m05s`, `42s`, or `?` when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}
