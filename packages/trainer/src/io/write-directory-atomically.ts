import { nodeBuiltin, R1kitError } from '@r1kit/core';

const nodeCrypto = () =>
  nodeBuiltin({ module: 'crypto', functionName: 'writeDirectoryAtomically' });
const nodeFsPromises = () =>
  nodeBuiltin({ module: 'fs/promises', functionName: 'writeDirectoryAtomically' });
const nodePath = () => nodeBuiltin({ module: 'path', functionName: 'writeDirectoryAtomically' });

/** `.<name>.tmp-<pid>-<hex>` (being written) and `.<name>.old-<pid>-<hex>` (being replaced). */
const leftover = /^\.(.+)\.(tmp|old)-(\d+)-[0-9a-f]+$/;

/**
 * Writes a directory atomically: `write` fills a temporary sibling directory, which is then
 * renamed onto `directory` (an existing directory there is replaced). A crash or an error leaves
 * either the old directory or the new one, never a half-written one; what a kill leaves behind
 * is tidied by {@link cleanInterruptedWrites}.
 *
 * For crash tests, the environment variable `R1KIT_ATOMIC_WRITE_DELAY_MS` makes every write wait
 * that many milliseconds after filling the temporary directory.
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
  const parent = nodePath().dirname(directory);
  const suffix = `${process.pid}-${nodeCrypto().randomBytes(4).toString('hex')}`;
  const temporary = nodePath().join(parent, `.${nodePath().basename(directory)}.tmp-${suffix}`);
  const previous = nodePath().join(parent, `.${nodePath().basename(directory)}.old-${suffix}`);
  try {
    await nodeFsPromises().mkdir(temporary, { recursive: true });
    await write(temporary);
    const delay = Number(process.env.R1KIT_ATOMIC_WRITE_DELAY_MS ?? 0);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    let replaced = false;
    try {
      await nodeFsPromises().rename(directory, previous);
      replaced = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await nodeFsPromises().rename(temporary, directory);
    if (replaced) await nodeFsPromises().rm(previous, { recursive: true, force: true });
  } catch (cause) {
    await nodeFsPromises().rm(temporary, { recursive: true, force: true });
    if (R1kitError.isInstance(cause)) throw cause;
    throw new R1kitError({
      code: 'IO_ERROR',
      message: `writeDirectoryAtomically: could not write ${directory} (${(cause as Error).message}); check the path and free disk space`,
      cause,
    });
  }
}

/**
 * Tidies what {@link writeDirectoryAtomically} leaves in `parent` when its process is killed:
 * a temporary `.<name>.tmp-*` directory is deleted, and a replaced `.<name>.old-*` directory is
 * renamed back to `<name>` when the kill came between the two renames (deleted otherwise).
 * Directories of a process that is still running are left alone. Call it before reading
 * checkpoints from a directory that a killed run may have written.
 *
 * @param parent - The directory that holds the atomically written directories.
 * @returns The entries deleted and restored; empty when `parent` does not exist.
 *
 * @example
 * ```ts
 * import { cleanInterruptedWrites } from '@r1kit/trainer';
 * const { removed, restored } = await cleanInterruptedWrites('runs/a/grpo');
 * console.log(`${removed.length} removed, ${restored.length} restored`);
 * ```
 *
 * @category Checkpoints
 */
export async function cleanInterruptedWrites(
  parent: string,
): Promise<{ removed: string[]; restored: string[] }> {
  const removed: string[] = [];
  const restored: string[] = [];
  let names: string[];
  try {
    names = await nodeFsPromises().readdir(parent);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { removed, restored };
    throw new R1kitError({
      code: 'IO_ERROR',
      message: `cleanInterruptedWrites: cannot list ${parent} (${(error as Error).message})`,
      cause: error,
    });
  }
  try {
    // Restore before deleting, so that a name with both an .old and a .tmp keeps its old copy.
    for (const kind of ['old', 'tmp']) {
      for (const name of names) {
        const match = leftover.exec(name);
        if (!match || match[2] !== kind || processRunning(Number(match[3]))) continue;
        const target = nodePath().join(parent, match[1]!);
        if (kind === 'old' && !(await exists(target))) {
          await nodeFsPromises().rename(nodePath().join(parent, name), target);
          restored.push(target);
        } else {
          await nodeFsPromises().rm(nodePath().join(parent, name), {
            recursive: true,
            force: true,
          });
          removed.push(nodePath().join(parent, name));
        }
      }
    }
  } catch (error) {
    throw new R1kitError({
      code: 'IO_ERROR',
      message: `cleanInterruptedWrites: cannot tidy ${parent} (${(error as Error).message}); remove its .*.tmp-* and .*.old-* folders by hand`,
      cause: error,
    });
  }
  return { removed, restored };
}

function processRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await nodeFsPromises().stat(path);
    return true;
  } catch {
    return false;
  }
}
