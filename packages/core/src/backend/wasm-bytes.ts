/**
 * Encoding helpers for the small WebAssembly modules that r1kit writes opcode by opcode (no
 * toolchain): LEB128 integers, names and sections of the binary format.
 * @internal
 */

/** A section of the binary format: id, byte length, content. */
export function section(id: number, content: number[]): number[] {
  return [id, ...unsignedLeb(content.length), ...content];
}

/** A UTF-8 name, length first. */
export function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...unsignedLeb(bytes.length), ...bytes];
}

/** An unsigned LEB128 integer (32 bits). */
export function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return bytes;
}

/** A signed LEB128 integer (32 bits). */
export function signedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

/** The module header: magic number and version 1. */
export const moduleHeader = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** The import entry of `env.memory`: shared (threaded build, maximum 4 GiB) or not. */
export function memoryImport(shared: boolean): number[] {
  const limits = shared ? [0x03, 0, ...unsignedLeb(65536)] : [0x00, 0];
  return [...name('env'), ...name('memory'), 0x02, ...limits];
}
