import { readFile } from 'node:fs/promises';

/**
 * Reads a trainer's `metrics.jsonl`, keeping the last record of each step (a resumed run
 * rewrites the steps after its checkpoint), sorted by step.
 *
 * @param file - The JSONL file.
 * @returns One record per step; empty when the file does not exist.
 * @example
 * ```ts
 * const steps = await readMetrics('runs/tiny-seed1/grpo/metrics.jsonl');
 * ```
 * @category Pipeline
 */
export async function readMetrics(file: string): Promise<Array<Record<string, number>>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const byStep = new Map<number, Record<string, number>>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as Record<string, number>;
    byStep.set(record.step ?? byStep.size, record);
  }
  return [...byStep.entries()].sort(([a], [b]) => a - b).map(([, record]) => record);
}
