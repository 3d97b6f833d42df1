import { nodeBuiltin, R1kitError } from '@r1kit/core';
import { parseMetricsLines } from './read-metrics.js';

const nodeFs = () => nodeBuiltin({ module: 'fs', functionName: 'truncateMetrics' });

/**
 * Drops the records of steps after `step` from a JSONL metrics file (atomically: temporary file,
 * then rename), so a run resumed from `checkpoint-<step>` does not log those steps twice. A last
 * line cut short by a kill is dropped too; any other bad line is an error and leaves the file as
 * it is. A missing file is left missing.
 *
 * @param path - The JSONL file.
 * @param step - The last step to keep (an integer >= 0).
 * @returns How many lines were dropped.
 * @throws R1kitError `INVALID_ARGUMENT` for a bad `step`, `PARSE_ERROR` naming the file and line
 * of a bad record, `IO_ERROR` when the file cannot be read or written.
 *
 * @example
 * ```ts
 * import { truncateMetrics } from '@r1kit/trainer';
 * await truncateMetrics('runs/demo/metrics.jsonl', 40);
 * ```
 *
 * @category Metrics
 */
export async function truncateMetrics(path: string, step: number): Promise<number> {
  return truncateMetricsSync(path, step);
}

/**
 * {@link truncateMetrics} for synchronous callers (the training loop drops the records of later
 * steps just before it appends the first record of a resumed run), and its one implementation
 * (a metrics file is small, so the public async form reads and writes it synchronously too).
 * Internal to the package.
 *
 * @param path - The JSONL file.
 * @param step - The last step to keep (an integer >= 0).
 * @returns How many lines were dropped.
 */
export function truncateMetricsSync(path: string, step: number): number {
  checkStep(path, step);
  let text: string;
  try {
    text = nodeFs().readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw ioError(path, 'read', error);
  }
  const { kept, dropped } = dropLaterSteps(text, path, step);
  if (dropped === 0) return 0;
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    nodeFs().writeFileSync(temporary, kept);
    nodeFs().renameSync(temporary, path);
  } catch (error) {
    throw ioError(path, 'rewrite', error);
  }
  return dropped;
}

function dropLaterSteps(text: string, path: string, step: number) {
  const records = parseMetricsLines(text, path).filter(({ record }) => record.step <= step);
  const total = text.split('\n').filter((line) => line.trim() !== '').length;
  return {
    kept: records.map(({ text: line }) => `${line}\n`).join(''),
    dropped: total - records.length,
  };
}

function checkStep(path: string, step: number): void {
  if (!Number.isSafeInteger(step) || step < 0) {
    throw new R1kitError({
      code: 'INVALID_ARGUMENT',
      message: `truncateMetrics: step must be an integer >= 0; received ${JSON.stringify(step)} (${path} left unchanged)`,
    });
  }
}

function ioError(path: string, action: string, cause: unknown): R1kitError {
  return new R1kitError({
    code: 'IO_ERROR',
    message: `truncateMetrics: cannot ${action} ${path} (${(cause as Error).message})`,
    cause,
  });
}
