import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { R1kitError } from '@r1kit/core';

/**
 * Writes a directory atomically: `write` fills a temporary sibling directory, which is then
 * renamed onto `directory` (an existing directory there is replaced). A crash or an error leaves
 * either the old directory or the new one, never a half-written one.
 *
 * @param directory - Final path.
 * @param write - Fills the temporary directory it is given.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { writeDirectoryAtomically } from '@r1kit/trainer';
 * await writeDirectoryAtomically('runs/a/checkpoint-10', (temporary) =>
 *   writeFile(`${temporary}/state.json`, '{}'),
 * );
 * ```
 *
 * @category Checkpoints
 */
export async function writeDirectoryAtomically(
  directory: string,
  write: (temporaryDirectory: string) => Promise<void>,
): Promise<void> {
  const parent = dirname(directory);
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temporary = join(parent, `.${basename(directory)}.tmp-${suffix}`);
  const previous = join(parent, `.${basename(directory)}.old-${suffix}`);
  try {
    await mkdir(temporary, { recursive: true });
    await write(temporary);
    let replaced = false;
    try {
      await rename(directory, previous);
      replaced = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await rename(temporary, directory);
    if (replaced) await rm(previous, { recursive: true, force: true });
  } catch (cause) {
    await rm(temporary, { recursive: true, force: true });
    if (R1kitError.isInstance(cause)) throw cause;
    throw new R1kitError({
      code: 'IO_ERROR',
      message: `writeDirectoryAtomically: could not write ${directory} (${(cause as Error).message}); check the path and free disk space`,
      cause,
    });
  }
}
