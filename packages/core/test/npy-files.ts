import { R1kitError } from '../src/errors/r1kit-error.js';

/**
 * Builds a `.npy` file by hand from a header dict and raw bytes, for tests of hostile files.
 *
 * @internal
 */
export function handMadeNpy(header: string, body: Uint8Array, version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  let text = header;
  text += ' '.repeat((64 - ((prefix + text.length + 1) % 64)) % 64);
  text += '\n';
  const out = new Uint8Array(prefix + text.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  out.set(new TextEncoder().encode(text), prefix);
  out.set(body, prefix + text.length);
  return out;
}

/**
 * The `code: message` of the error `fn` throws, for tests.
 *
 * @internal
 */
export function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return R1kitError.isInstance(error) ? `${error.code}: ${error.message}` : `other: ${error}`;
  }
  return 'no error';
}

/** One member of {@link handMadeZip}. @internal */
export interface ZipMember {
  /** The member's file name. */
  name: string;
  /** The stored bytes (already deflated when `method` is 8). */
  data: Uint8Array;
  /** 0 stored, 8 deflate. */
  method: 0 | 8;
  /** The uncompressed size written in the headers (may lie). */
  size: number;
}

/**
 * Builds a zip archive by hand (local headers, central directory, end record), so tests can
 * write archives whose headers lie.
 *
 * @internal
 */
export function handMadeZip(members: readonly ZipMember[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const member of members) {
    const name = new TextEncoder().encode(member.name);
    const local = new Uint8Array(30 + name.length);
    const view = new DataView(local.buffer);
    view.setUint32(0, 0x04034b50, true);
    view.setUint16(4, 20, true);
    view.setUint16(8, member.method, true);
    view.setUint32(18, member.data.length, true);
    view.setUint32(22, member.size, true);
    view.setUint16(26, name.length, true);
    local.set(name, 30);
    const entry = new Uint8Array(46 + name.length);
    const entryView = new DataView(entry.buffer);
    entryView.setUint32(0, 0x02014b50, true);
    entryView.setUint16(4, 20, true);
    entryView.setUint16(6, 20, true);
    entryView.setUint16(10, member.method, true);
    entryView.setUint32(20, member.data.length, true);
    entryView.setUint32(24, member.size, true);
    entryView.setUint16(28, name.length, true);
    entryView.setUint32(42, offset, true);
    entry.set(name, 46);
    parts.push(local, member.data);
    central.push(entry);
    offset += local.length + member.data.length;
  }
  const centralSize = central.reduce((sum, entry) => sum + entry.length, 0);
  const end = new Uint8Array(22);
  const endView = new DataView(end.buffer);
  endView.setUint32(0, 0x06054b50, true);
  endView.setUint16(8, members.length, true);
  endView.setUint16(10, members.length, true);
  endView.setUint32(12, centralSize, true);
  endView.setUint32(16, offset, true);
  const all = [...parts, ...central, end];
  const out = new Uint8Array(all.reduce((sum, part) => sum + part.length, 0));
  let position = 0;
  for (const part of all) {
    out.set(part, position);
    position += part.length;
  }
  return out;
}
