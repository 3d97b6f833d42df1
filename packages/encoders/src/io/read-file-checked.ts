import { nodeBuiltin, R1kitError } from '@r1kit/core';

const nodeFs = () => nodeBuiltin({ module: 'fs', functionName: 'openFeatureDataset' });

/**
 * Reads a regular file through one handle: refuses a folder (or another non-file) and a file
 * whose size changes between the stat and the read (replaced or truncated while being read)
 * with `IO_ERROR` naming the path. With `maxBytes`, reads only the first bytes (a header).
 *
 * @internal
 */
export function readFileChecked(path: string, functionName: string, maxBytes?: number): Uint8Array {
  const fail = (detail: string, cause?: unknown): never => {
    throw new R1kitError({
      code: 'IO_ERROR',
      message: `${functionName}: ${path} ${detail}`,
      cause,
    });
  };
  let handle: number;
  try {
    handle = nodeFs().openSync(path, 'r');
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing) {
      throw new R1kitError({
        code: 'NOT_FOUND',
        message: `${functionName}: ${path} does not exist`,
        cause,
      });
    }
    return fail('cannot be opened', cause);
  }
  try {
    const before = nodeFs().fstatSync(handle);
    if (!before.isFile())
      fail(`is ${before.isDirectory() ? 'a folder' : 'not a regular file'}; expected a .npy file`);
    const size = maxBytes === undefined ? before.size : Math.min(before.size, maxBytes);
    const buffer = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const read = nodeFs().readSync(handle, buffer, filled, size - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    const after = nodeFs().fstatSync(handle);
    if (filled !== size || after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      fail(
        `changed while it was read (${before.size} bytes at open, ${after.size} after, ${filled} read); rewrite it atomically and retry`,
      );
    }
    return buffer;
  } catch (cause) {
    if (R1kitError.isInstance(cause)) throw cause;
    return fail('cannot be read', cause);
  } finally {
    nodeFs().closeSync(handle);
  }
}
