import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { R1kitError } from '@r1kit/core';
import { cleanInterruptedWrites } from '@r1kit/trainer';

/** What a run writes into `--out`; any of them means the folder already holds a run. */
const runEntries = ['sft', 'grpo', 'evaluation-sft.json', 'report.json', 'report.md'];

function outError(out: string, problem: string, cause?: unknown): R1kitError {
  return new R1kitError({
    code: 'IO_ERROR',
    message: `--out ${out} ${problem}; pass a writable folder path with --out`,
    cause,
  });
}

/**
 * Makes `--out` ready before any training: creates it, proves it writable, refuses a folder that
 * already holds a run unless `resume` is set, and tidies the temporary checkpoint folders a
 * killed run left in `sft/` and `grpo/`.
 *
 * @param options - The run directory, whether the run resumes, and where notes go.
 * @throws R1kitError `IO_ERROR` when `--out` is a file, lies under a file or cannot be written;
 * `INVALID_STATE` when it holds a run and `resume` is false.
 * @example
 * ```ts
 * await prepareRunDirectory({ out: 'runs/tiny-seed1', resume: false, log: console.log });
 * ```
 * @category Pipeline
 */
export async function prepareRunDirectory(options: {
  /** The run directory (`--out`). */
  out: string;
  /** Whether the run continues the one in `out` (`--resume`). */
  resume: boolean;
  /** Where notes about tidied folders go. */
  log: (line: string) => void;
}): Promise<void> {
  const { out } = options;
  const found = await stat(out).catch(() => undefined);
  if (found && !found.isDirectory()) throw outError(out, 'is a file, not a folder');
  try {
    await mkdir(out, { recursive: true });
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOTDIR' || code === 'EEXIST'
        ? 'lies under a file, not a folder'
        : `cannot be created (${code ?? (cause as Error).message})`;
    throw outError(out, problem, cause);
  }
  const probe = path.join(out, `.write-test-${process.pid}`);
  try {
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (cause) {
    throw outError(
      out,
      `is not writable (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`,
      cause,
    );
  }
  const existing = (await readdir(out)).filter((name) => runEntries.includes(name));
  if (!options.resume && existing.length > 0) {
    throw new R1kitError({
      code: 'INVALID_STATE',
      message: `--out ${out} already holds a run (${existing.join(', ')}); pass --resume to continue it, or choose a new --out (or delete that folder) to start over`,
    });
  }
  for (const stage of ['sft', 'grpo']) {
    const { removed, restored } = await cleanInterruptedWrites(path.join(out, stage));
    for (const folder of restored)
      options.log(`restored ${folder} (a run was killed while replacing it)`);
    for (const folder of removed) options.log(`removed ${folder} (left by a killed run)`);
  }
}
