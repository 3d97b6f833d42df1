import { readFile, rename, writeFile } from 'node:fs/promises';
import { R1kitError } from '@r1kit/core';

/**
 * Drops the records of steps after `step` from a JSONL metrics file (atomically: temporary file,
 * then rename), so a run resumed from `checkpoint-<step>` does not log those steps twice. A
 * missing file is left missing.
 *
 * @param path - The JSONL file.
 * @param step - The last step to keep.
 * @returns How many records were dropped.
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
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw new R1kitError({
      code: 'IO_ERROR',
      message: `truncateMetrics: cannot read ${path}`,
      cause: error,
    });
  }
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const kept = lines.filter((line) => {
    try {
      return (JSON.parse(line) as { step?: number }).step! <= step;
    } catch {
      return true;
    }
  });
  if (kept.length === lines.length) return 0;
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, kept.map((line) => `${line}\n`).join(''));
  await rename(temporary, path);
  return lines.length - kept.length;
}
