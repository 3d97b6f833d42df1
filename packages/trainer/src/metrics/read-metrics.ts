import { nodeBuiltin, R1kitError } from '@r1kit/core';
import type { StepMetrics } from './metrics-log.js';

const nodeFsPromises = () => nodeBuiltin({ module: 'fs/promises', functionName: 'readMetrics' });

/**
 * One record of a metrics file with its 1-based line number and text.
 *
 * @category Metrics
 */
export interface MetricsLine {
  /** The line number in the file. */
  readonly line: number;
  /** The line as stored. */
  readonly text: string;
  /** The parsed record; its `step` is a non-negative integer. */
  readonly record: StepMetrics & { step: number };
}

/**
 * Parses the text of a JSONL metrics file written by {@link appendMetrics}. Every line must be a
 * JSON object with an integer `step` >= 0; only a last line without its newline that does not
 * parse (a write cut short by a kill) is dropped.
 *
 * @param text - The file content.
 * @param path - The file, for error messages.
 * @returns The records in file order.
 * @throws R1kitError `PARSE_ERROR` naming the file and line of the first bad record.
 *
 * @example
 * ```ts
 * import { parseMetricsLines } from '@r1kit/trainer';
 * const [first] = parseMetricsLines('{"step":1,"loss":0.5}\n', 'metrics.jsonl');
 * console.log(first?.line, first?.record.loss); // 1 0.5
 * ```
 *
 * @category Metrics
 */
export function parseMetricsLines(text: string, path: string): MetricsLine[] {
  const lines = text.split('\n');
  const parsed: MetricsLine[] = [];
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const torn = index === lines.length - 1;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      if (torn) return;
      throw badLine(path, index + 1, line, 'is not JSON');
    }
    const step = (record as { step?: unknown } | null)?.step;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw badLine(path, index + 1, line, 'is not a JSON object');
    }
    if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) {
      throw badLine(path, index + 1, line, 'has no integer "step" >= 0');
    }
    parsed.push({ line: index + 1, text: line, record: record as MetricsLine['record'] });
  });
  return parsed;
}

/**
 * Reads a JSONL metrics file, keeping the last record of each step (a resumed run rewrites the
 * steps after its checkpoint), sorted by step.
 *
 * @param path - The JSONL file.
 * @returns One record per step; empty when the file does not exist.
 * @throws R1kitError `PARSE_ERROR` naming the file and line of a bad record, `IO_ERROR` when the
 * file cannot be read.
 *
 * @example
 * ```ts
 * import { readMetrics } from '@r1kit/trainer';
 * const steps = await readMetrics('runs/demo/grpo/metrics.jsonl');
 * console.log(steps.map((record) => record.loss));
 * ```
 *
 * @category Metrics
 */
export async function readMetrics(path: string): Promise<Array<StepMetrics & { step: number }>> {
  let text: string;
  try {
    text = await nodeFsPromises().readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new R1kitError({
      code: 'IO_ERROR',
      message: `readMetrics: cannot read ${path} (${(error as Error).message})`,
      cause: error,
    });
  }
  const byStep = new Map<number, MetricsLine['record']>();
  for (const { record } of parseMetricsLines(text, path)) byStep.set(record.step, record);
  return [...byStep.entries()].sort(([a], [b]) => a - b).map(([, record]) => record);
}

function badLine(path: string, line: number, text: string, problem: string): R1kitError {
  const shown = text.length > 80 ? `${text.slice(0, 80)}...` : text;
  return new R1kitError({
    code: 'PARSE_ERROR',
    message: `${path}:${line}: the metrics record ${JSON.stringify(shown)} ${problem}; expected one JSON object with an integer "step" per line. Delete or repair that line, then run again`,
  });
}
