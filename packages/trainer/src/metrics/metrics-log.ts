import { nodeBuiltin, R1kitError } from '@r1kit/core';

const nodeFs = () => nodeBuiltin({ module: 'fs', functionName: 'appendMetrics' });
const nodePath = () => nodeBuiltin({ module: 'path', functionName: 'appendMetrics' });

/**
 * One step's metrics, with TRL's names (`loss`, `reward`, `rewards/<fn>/mean`, `kl`, ...).
 * `null` marks a metric that has no value this step (JSON has no NaN).
 *
 * @category Metrics
 */
export type StepMetrics = Record<string, number | null>;

/**
 * Appends one JSON object per step (`{"step": 3, "loss": 0.41, ...}`) to a JSONL file, creating
 * its directory. Non-finite numbers are written as `null`.
 *
 * @param path - The JSONL file.
 * @param step - Optimiser step (1-based).
 * @param metrics - Values to record.
 *
 * @example
 * ```ts
 * import { appendMetrics } from '@r1kit/trainer';
 * appendMetrics('runs/demo/metrics.jsonl', 1, { loss: 0.7, learning_rate: 1e-4 });
 * ```
 *
 * @category Metrics
 */
export function appendMetrics(path: string, step: number, metrics: StepMetrics): void {
  const record: Record<string, number | null> = { step };
  for (const [key, value] of Object.entries(metrics)) {
    record[key] = typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
  try {
    nodeFs().mkdirSync(nodePath().dirname(path), { recursive: true });
    nodeFs().appendFileSync(path, `${JSON.stringify(record)}\n`);
  } catch (cause) {
    throw new R1kitError({
      code: 'IO_ERROR',
      message: `appendMetrics: could not append to ${path} (${(cause as Error).message})`,
      cause,
    });
  }
}
