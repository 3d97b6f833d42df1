import { memoryImport, moduleHeader, name, section, signedLeb, unsignedLeb } from './wasm-bytes.js';

/**
 * The bytes of a small WebAssembly module, written here opcode by opcode (no toolchain), that
 * transposes float32 matrices in 4 x 4 blocks with 128-bit SIMD: four rows of four values are
 * loaded as four vectors, rearranged by eight lane shuffles and stored as four columns. It
 * imports the memory of tfjs-backend-wasm (`env.memory`, declared shared for the threaded build)
 * and exports `transpose(source, target, rows, columns, sourceRowBytes, targetRowBytes)` (byte
 * offsets and strides, element counts), which writes the leading `floor(rows / 4) * 4` x
 * `floor(columns / 4) * 4` block of the transpose of a `[rows, columns]` tile; the caller moves
 * the remaining edge rows and columns and walks the tiles. Reads and writes may be unaligned.
 *
 * @param shared - Whether the memory to import is a shared (threaded build) memory.
 * @internal
 */
export function simdTransposeModule(shared: boolean): Uint8Array<ArrayBuffer> {
  const I32 = 0x7f;
  const V128 = 0x7b;
  // Parameters 0-5: source, target, rows, columns, rowBytes (the source's row stride in bytes),
  // columnBytes (the target's). Locals 6-11 (i32), 12-19 (v128).
  const [source, target, rows, columns, rowBytes, columnBytes] = [0, 1, 2, 3, 4, 5];
  const [row, column, from, to, rows4, columns4] = [6, 7, 8, 9, 10, 11];
  const v = [12, 13, 14, 15];
  const t = [16, 17, 18, 19];
  const get = (index: number) => [0x20, index];
  const set = (index: number) => [0x21, index];
  const constant = (value: number) => [0x41, ...signedLeb(value)];
  const add = 0x6a;
  const mul = 0x6c;
  const and = 0x71;
  const lessThan = 0x49; // i32.lt_u
  // memarg: alignment exponent 2 (4-byte floats), offset 0.
  const load = [0xfd, 0x00, 2, 0];
  const store = [0xfd, 0x0b, 2, 0];
  /** i8x16.shuffle picking four 32-bit lanes of the two operands (0-3: first, 4-7: second). */
  const shuffle = (lanes: number[]) => [
    0xfd,
    0x0d,
    ...lanes.flatMap((lane) => [4 * lane, 4 * lane + 1, 4 * lane + 2, 4 * lane + 3]),
  ];
  /** Address `base + k * stride` on the stack. */
  const address = (base: number, stride: number, k: number) =>
    k === 0 ? get(base) : [...get(base), ...get(stride), ...constant(k), mul, add];

  // biome-ignore format: one wasm instruction per line group
  const body = [
    // rows4 / columns4: multiples of 4.
    ...get(rows), ...constant(-4), and, ...set(rows4),
    ...get(columns), ...constant(-4), and, ...set(columns4),
    ...constant(0), ...set(row),
    0x03, 0x40, // loop over blocks of 4 rows
    // from = source + row * rowBytes; to = target + row * 4; column = 0
    ...get(source), ...get(row), ...get(rowBytes), mul, add, ...set(from),
    ...get(target), ...get(row), ...constant(4), mul, add, ...set(to),
    ...constant(0), ...set(column),
    0x03, 0x40, // loop over blocks of 4 columns
    ...[0, 1, 2, 3].flatMap((k) => [...address(from, rowBytes, k), ...load, ...set(v[k]!)]),
    ...get(v[0]!), ...get(v[1]!), ...shuffle([0, 4, 1, 5]), ...set(t[0]!),
    ...get(v[0]!), ...get(v[1]!), ...shuffle([2, 6, 3, 7]), ...set(t[1]!),
    ...get(v[2]!), ...get(v[3]!), ...shuffle([0, 4, 1, 5]), ...set(t[2]!),
    ...get(v[2]!), ...get(v[3]!), ...shuffle([2, 6, 3, 7]), ...set(t[3]!),
    ...address(to, columnBytes, 0), ...get(t[0]!), ...get(t[2]!), ...shuffle([0, 1, 4, 5]), ...store,
    ...address(to, columnBytes, 1), ...get(t[0]!), ...get(t[2]!), ...shuffle([2, 3, 6, 7]), ...store,
    ...address(to, columnBytes, 2), ...get(t[1]!), ...get(t[3]!), ...shuffle([0, 1, 4, 5]), ...store,
    ...address(to, columnBytes, 3), ...get(t[1]!), ...get(t[3]!), ...shuffle([2, 3, 6, 7]), ...store,
    // from += 16; to += 4 * columnBytes; column += 4; repeat while column < columns4
    ...get(from), ...constant(16), add, ...set(from),
    ...get(to), ...get(columnBytes), ...constant(4), mul, add, ...set(to),
    ...get(column), ...constant(4), add, 0x22, column, // local.tee
    ...get(columns4), lessThan, 0x0d, 0, // br_if to the column loop
    0x0b,
    ...get(row), ...constant(4), add, 0x22, row,
    ...get(rows4), lessThan, 0x0d, 0, // br_if to the row loop
    0x0b,
    0x0b, // end of the function
  ];
  const locals = [2, 6, I32, 8, V128];
  const code = [...unsignedLeb(locals.length + body.length), ...locals, ...body];
  return new Uint8Array([
    ...moduleHeader,
    ...section(1, [1, 0x60, 6, I32, I32, I32, I32, I32, I32, 0]),
    ...section(2, [1, ...memoryImport(shared)]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('transpose'), 0x00, 0]),
    ...section(10, [1, ...code]),
  ]);
}
