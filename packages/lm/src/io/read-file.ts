import { nodeBuiltin, R1kitError } from '@r1kit/core';

const nodeFsPromises = () => nodeBuiltin({ module: 'fs/promises', functionName: 'loadCausalLM' });

/**
 * Reads a file, turning a missing file into `NOT_FOUND` and other failures into `IO_ERROR`.
 *
 * @param path - The file.
 * @param functionName - The public function to name in the error.
 * @returns The file's bytes.
 */
export async function readBytes(path: string, functionName: string): Promise<Uint8Array> {
  try {
    return await nodeBuiltin({ module: 'fs/promises', functionName }).readFile(path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new R1kitError({
      code: missing ? 'NOT_FOUND' : 'IO_ERROR',
      message: `${functionName}: ${missing ? 'no such file' : 'cannot read'} ${path}`,
      cause: error,
    });
  }
}

/**
 * Reads and parses a JSON file, with `NOT_FOUND`, `IO_ERROR` or `PARSE_ERROR` errors naming it.
 *
 * @param path - The file.
 * @param functionName - The public function to name in the error.
 * @returns The parsed JSON.
 */
export async function readJson(path: string, functionName: string): Promise<unknown> {
  const bytes = await readBytes(path, functionName);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `${functionName}: ${path} is not valid JSON`,
      cause: error,
    });
  }
}

/**
 * Whether a file exists (any stat error counts as absent).
 *
 * @param path - The file.
 * @returns `true` when it can be stat'ed.
 */
export async function fileExists(path: string): Promise<boolean> {
  return nodeFsPromises()
    .stat(path)
    .then(
      () => true,
      () => false,
    );
}
