import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * The `checkpoint-<step>` folder with the largest step in a trainer's output directory.
 *
 * @param directory - The trainer's `outputDir`.
 * @returns The folder path and its step, or `undefined` when there is none.
 * @example
 * ```ts
 * const latest = await latestCheckpoint('runs/tiny-seed1/grpo');
 * if (latest) await trainer.resume(latest.path);
 * ```
 * @category Pipeline
 */
export async function latestCheckpoint(
  directory: string,
): Promise<{ path: string; step: number } | undefined> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return undefined;
  }
  const steps = names
    .map((name) => /^checkpoint-(\d+)$/.exec(name)?.[1])
    .filter((step) => step !== undefined)
    .map(Number);
  if (steps.length === 0) return undefined;
  const step = Math.max(...steps);
  return { path: path.join(directory, `checkpoint-${step}`), step };
}
