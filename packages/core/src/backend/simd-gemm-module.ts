import { memoryImport, moduleHeader, name, section, signedLeb, unsignedLeb } from './wasm-bytes.js';

/** Columns of one packed panel of the right operand: four 128-bit vectors. */
export const panelColumns = 16;

/** Options of {@link simdGemmModule}. */
export interface SimdGemmModuleOptions {
  /** Whether the memory to import is a shared (threaded build) memory. */
  shared: boolean;
  /**
   * Whether to multiply-add with relaxed SIMD's `f32x4.relaxed_madd` (a fused multiply-add where
   * the CPU has one) instead of `f32x4.mul` then `f32x4.add`.
   */
  fusedMultiplyAdd: boolean;
}

const I32 = 0x7f;
const V128 = 0x7b;
const get = (index: number) => [0x20, index];
const set = (index: number) => [0x21, index];
const tee = (index: number) => [0x22, index];
const constant = (value: number) => [0x41, ...signedLeb(value)];
const add = 0x6a;
const mul = 0x6c;
const lessThan = 0x49; // i32.lt_u
/** v128.load / v128.store with a constant byte offset (alignment hint 4 bytes). */
const load = (offset: number) => [0xfd, 0x00, 2, ...unsignedLeb(offset)];
const store = (offset: number) => [0xfd, 0x0b, 2, ...unsignedLeb(offset)];
const splat = [0xfd, 0x09, 2, 0]; // v128.load32_splat
const zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)]; // v128.const 0
const multiply = [0xfd, 0xe6, 0x01]; // f32x4.mul
const plus = [0xfd, 0xe4, 0x01]; // f32x4.add
const fused = [0xfd, 0x85, 0x02]; // f32x4.relaxed_madd
/** `loop` ... `br_if 0` while `counter + 1 < limit` ... `end`. */
const countedLoop = (counter: number, limit: number, body: number[]) => [
  0x03,
  0x40,
  ...body,
  ...get(counter),
  ...constant(1),
  add,
  ...tee(counter),
  ...get(limit),
  lessThan,
  0x0d,
  0,
  0x0b,
];

/**
 * The function body of `gemm{rowsPerBlock}(a, packed, c, rowBlocks, panels, depth, aRowBytes,
 * cRowBytes, panelBytes, accumulate)`: for each panel of 16 columns, for each block of
 * `rowsPerBlock` rows of `a`, `c[block, panel] (+)= a[block, 0:depth] packed[panel][0:depth]`.
 * The block's `rowsPerBlock x 16` sums stay in registers over the whole depth; each step of the
 * depth loads four vectors of the panel and one broadcast value per row.
 */
function gemmBody(rowsPerBlock: number, fusedMultiplyAdd: boolean): number[] {
  const [a, packed, c, rowBlocks, panels, depth, aRowBytes, cRowBytes, panelBytes, accumulate] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
  ];
  // i32 locals 10-17, then v128: sums, panel vectors, the broadcast value.
  const [ak, bk, aEnd, block, panel, aBlock, cPanel, cBlock] = [10, 11, 12, 13, 14, 15, 16, 17];
  const sum = (row: number, vector: number) => 18 + row * 4 + vector;
  const b = (vector: number) => 18 + rowsPerBlock * 4 + vector;
  const value = 18 + rowsPerBlock * 4 + 4;
  const vectors = [0, 1, 2, 3];
  const rows = [...Array(rowsPerBlock).keys()];
  /** `c` address of row `row` of the block, on the stack. */
  const cRow = (row: number) =>
    row === 0 ? get(cBlock) : [...get(cBlock), ...get(cRowBytes), ...constant(row), mul, add];
  const start = rows.flatMap((row) =>
    vectors.flatMap((vector) => [
      ...get(accumulate),
      0x04,
      V128, // if (result v128)
      ...cRow(row),
      ...load(16 * vector),
      0x05, // else
      ...zero,
      0x0b,
      ...set(sum(row, vector)),
    ]),
  );
  const step = [
    ...vectors.flatMap((vector) => [...get(bk), ...load(16 * vector), ...set(b(vector))]),
    ...rows.flatMap((row) => [
      ...get(ak),
      ...(row === 0 ? [] : [...get(aRowBytes), ...constant(row), mul, add]),
      ...splat,
      ...set(value),
      ...vectors.flatMap((vector) =>
        fusedMultiplyAdd
          ? [...get(value), ...get(b(vector)), ...get(sum(row, vector)), ...fused]
          : [...get(value), ...get(b(vector)), ...multiply, ...get(sum(row, vector)), ...plus],
      ),
      ...[...vectors].reverse().flatMap((vector) => set(sum(row, vector))),
    ]),
    ...get(bk),
    ...constant(64),
    add,
    ...set(bk),
    ...get(ak),
    ...constant(4),
    add,
    ...tee(ak),
    ...get(aEnd),
    lessThan,
    0x0d,
    0,
  ];
  const finish = rows.flatMap((row) =>
    vectors.flatMap((vector) => [...cRow(row), ...get(sum(row, vector)), ...store(16 * vector)]),
  );
  const blockBody = [
    ...start,
    ...get(aBlock),
    ...set(ak),
    ...get(aBlock),
    ...get(depth),
    ...constant(4),
    mul,
    add,
    ...set(aEnd),
    ...get(packed),
    ...get(panel),
    ...get(panelBytes),
    mul,
    add,
    ...set(bk),
    0x03,
    0x40,
    ...step,
    0x0b,
    ...finish,
    ...get(cBlock),
    ...get(cRowBytes),
    ...constant(rowsPerBlock),
    mul,
    add,
    ...set(cBlock),
    ...get(aBlock),
    ...get(aRowBytes),
    ...constant(rowsPerBlock),
    mul,
    add,
    ...set(aBlock),
  ];
  const panelBody = [
    ...get(a),
    ...set(aBlock),
    ...get(cPanel),
    ...set(cBlock),
    ...constant(0),
    ...set(block),
    ...countedLoop(block, rowBlocks, blockBody),
    ...get(cPanel),
    ...constant(64),
    add,
    ...set(cPanel),
  ];
  const body = [
    // Nothing to do for an empty call (the loops run at least once).
    ...get(rowBlocks),
    0x45, // i32.eqz
    ...get(panels),
    0x45,
    0x72, // i32.or
    ...get(depth),
    0x45,
    0x72,
    0x0d,
    0, // br_if out of the function
    ...get(c),
    ...set(cPanel),
    ...constant(0),
    ...set(panel),
    ...countedLoop(panel, panels, panelBody),
    0x0b,
  ];
  const locals = [2, 8, I32, rowsPerBlock * 4 + 5, V128];
  return [...unsignedLeb(locals.length + body.length), ...locals, ...body];
}

/**
 * The body of `pack(b, target, depth, panels, bRowBytes)`: copies the first `panels * 16`
 * columns of the `[depth, columns]` matrix at `b` (row stride `bRowBytes`) to `target` as
 * `panels` consecutive `[depth, 16]` panels, the layout `gemm` reads.
 */
function packBody(): number[] {
  const [b, target, depth, panels, bRowBytes] = [0, 1, 2, 3, 4];
  const [row, panel, from, column] = [5, 6, 7, 8];
  const rowBody = [
    ...[0, 1, 2, 3].flatMap((vector) => [
      ...get(target),
      ...get(from),
      ...load(16 * vector),
      ...store(16 * vector),
    ]),
    ...get(target),
    ...constant(64),
    add,
    ...set(target),
    ...get(from),
    ...get(bRowBytes),
    add,
    ...set(from),
  ];
  const panelBody = [
    ...get(column),
    ...set(from),
    ...constant(0),
    ...set(row),
    ...countedLoop(row, depth, rowBody),
    ...get(column),
    ...constant(64),
    add,
    ...set(column),
  ];
  const body = [
    ...get(depth),
    0x45,
    ...get(panels),
    0x45,
    0x72,
    0x0d,
    0,
    ...get(b),
    ...set(column),
    ...constant(0),
    ...set(panel),
    ...countedLoop(panel, panels, panelBody),
    0x0b,
  ];
  const locals = [1, 4, I32];
  return [...unsignedLeb(locals.length + body.length), ...locals, ...body];
}

/**
 * The bytes of a small WebAssembly module, written here opcode by opcode (no toolchain), that
 * multiplies float32 matrices with 128-bit SIMD. It imports the memory of tfjs-backend-wasm
 * (`env.memory`, declared shared for the threaded build) and exports (byte offsets and strides,
 * element counts):
 *
 * - `pack(b, target, depth, panels, bRowBytes)`: the right operand's first `panels * 16` columns
 *   as `[depth, 16]` panels;
 * - `gemm2(a, packed, c, rowBlocks, panels, depth, aRowBytes, cRowBytes, panelBytes, accumulate)`
 *   and `gemm1(...)` (blocks of 2 or 1 rows): `c (+)= a packed` for `rowBlocks` blocks of rows
 *   of `a` and `panels` panels (`panelBytes` apart) over `depth` steps; with `accumulate` 0 the
 *   sums start at 0, else at `c`.
 *
 * A block of 2 rows x 16 columns keeps its 8 sum vectors, 4 panel vectors and one broadcast in
 * 13 of the 16 SIMD registers.
 *
 * @param options - See {@link SimdGemmModuleOptions}.
 * @internal
 */
export function simdGemmModule(options: SimdGemmModuleOptions): Uint8Array<ArrayBuffer> {
  const { shared, fusedMultiplyAdd } = options;
  const gemmType = [0x60, 10, ...new Array<number>(10).fill(I32), 0];
  const packType = [0x60, 5, ...new Array<number>(5).fill(I32), 0];
  return new Uint8Array([
    ...moduleHeader,
    ...section(1, [2, ...gemmType, ...packType]),
    ...section(2, [1, ...memoryImport(shared)]),
    ...section(3, [3, 0, 0, 1]),
    ...section(7, [
      3,
      ...name('gemm2'),
      0x00,
      0,
      ...name('gemm1'),
      0x00,
      1,
      ...name('pack'),
      0x00,
      2,
    ]),
    ...section(10, [
      3,
      ...gemmBody(2, fusedMultiplyAdd),
      ...gemmBody(1, fusedMultiplyAdd),
      ...packBody(),
    ]),
  ]);
}
