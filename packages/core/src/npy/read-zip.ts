import { Inflate } from 'fflate';
import { R1kitError } from '../errors/r1kit-error.js';

/** Options of {@link readZipMembers}. @internal */
export interface ReadZipOptions {
  /** A name for the archive in error messages. */
  source: string;
  /** The most bytes all members may inflate to together. */
  maxInflatedBytes: number;
}

/** Compressed bytes fed to the inflater at a time (deflate expands at most ~1032x). */
const sliceBytes = 16 * 1024;

/**
 * Reads the members of a zip archive (stored or deflated, zip64 sizes included) from its
 * central directory, inflating each while counting its output, so that an archive that would
 * inflate past `maxInflatedBytes` is refused without allocating it. Members come back in a `Map`
 * (a member named `__proto__.npy` is an ordinary key).
 *
 * @internal
 */
export function readZipMembers(
  bytes: Uint8Array,
  options: ReadZipOptions,
): Map<string, Uint8Array> {
  const { source, maxInflatedBytes } = options;
  const fail = (detail: string): never => {
    throw new R1kitError({ code: 'PARSE_ERROR', message: `parseNpz: ${source}: ${detail}` });
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0)
    fail(
      'not a zip archive (no end-of-central-directory record); expected an .npz written by np.savez',
    );
  let entries = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (
    (entries === 0xffff || offset === 0xffffffff) &&
    end >= 20 &&
    view.getUint32(end - 20, true) === 0x07064b50
  ) {
    const record = Number(view.getBigUint64(end - 12, true));
    if (record + 56 > bytes.length || view.getUint32(record, true) !== 0x06064b50)
      fail('bad zip64 end record');
    entries = Number(view.getBigUint64(record + 32, true));
    offset = Number(view.getBigUint64(record + 48, true));
  }
  const members = new Map<string, Uint8Array>();
  const decoder = new TextDecoder();
  let inflated = 0;
  for (let index = 0; index < entries; index++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) {
      fail(`central directory entry ${index} is damaged`);
    }
    const method = view.getUint16(offset + 10, true);
    let compressedSize = view.getUint32(offset + 20, true);
    let size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    let local = view.getUint32(offset + 42, true);
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    const zip64 = zip64Fields(view, offset + 46 + nameLength, extraLength);
    if (size === 0xffffffff) size = zip64.shift() ?? fail(`member ${name} lacks its zip64 size`);
    if (compressedSize === 0xffffffff)
      compressedSize = zip64.shift() ?? fail(`member ${name} lacks its zip64 size`);
    if (local === 0xffffffff)
      local = zip64.shift() ?? fail(`member ${name} lacks its zip64 offset`);
    offset += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50)
      fail(`member ${name} has no local header`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + compressedSize > bytes.length) fail(`member ${name} is truncated`);
    if (inflated + size > maxInflatedBytes)
      tooLarge(source, name, inflated + size, maxInflatedBytes);
    const data = bytes.subarray(start, start + compressedSize);
    let out: Uint8Array;
    if (method === 0) out = data;
    else if (method === 8)
      out = inflateCapped(data, maxInflatedBytes - inflated, source, name, fail);
    else {
      throw new R1kitError({
        code: 'UNSUPPORTED',
        message: `parseNpz: ${source}: member ${name} uses zip compression method ${method}; expected 0 (stored) or 8 (deflate), as np.savez writes`,
      });
    }
    if (out.length !== size)
      fail(`member ${name} inflates to ${out.length} bytes but its header says ${size}`);
    inflated += out.length;
    members.set(name, out);
  }
  return members;
}

/** The 64-bit values of the zip64 extra field (id 1), in order. */
function zip64Fields(view: DataView, at: number, length: number): number[] {
  for (let position = at; position + 4 <= at + length; ) {
    const id = view.getUint16(position, true);
    const size = view.getUint16(position + 2, true);
    if (id === 1) {
      const values: number[] = [];
      for (let field = 0; field + 8 <= size; field += 8) {
        values.push(Number(view.getBigUint64(position + 4 + field, true)));
      }
      return values;
    }
    position += 4 + size;
  }
  return [];
}

/** Inflates `data`, refusing once the output passes `limit` bytes. */
function inflateCapped(
  data: Uint8Array,
  limit: number,
  source: string,
  name: string,
  fail: (detail: string) => never,
): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total <= limit) chunks.push(chunk);
    if (final) done = true;
  });
  try {
    for (let at = 0; at < data.length && !done; at += sliceBytes) {
      inflater.push(data.subarray(at, at + sliceBytes), at + sliceBytes >= data.length);
      if (total > limit) tooLarge(source, name, total, limit);
    }
  } catch (cause) {
    if (R1kitError.isInstance(cause)) throw cause;
    fail(`member ${name} is not valid deflate data (${(cause as Error).message})`);
  }
  const out = new Uint8Array(total);
  let position = 0;
  for (const chunk of chunks) {
    out.set(chunk, position);
    position += chunk.length;
  }
  return out;
}

function tooLarge(source: string, name: string, bytes: number, limit: number): never {
  throw new R1kitError({
    code: 'OUT_OF_MEMORY',
    message: `parseNpz: ${source}: member ${name} would inflate the archive past ${bytes} bytes, more than maxInflatedBytes (${limit}); raise the option if the file is trusted`,
  });
}
