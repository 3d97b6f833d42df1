import { nodeBuiltin, R1kitError } from '@r1kit/core';
import { toFloat16Bits } from './float16.js';

const nodeFsPromises = () => nodeBuiltin({ module: 'fs/promises', functionName: 'writeGguf' });

/**
 * A GGUF metadata value, tagged with its GGUF type.
 *
 * @category llama.cpp
 */
export type GgufValue =
  | { type: 'uint32'; value: number }
  | { type: 'int32'; value: number }
  | { type: 'float32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'string[]'; value: readonly string[] }
  | { type: 'int32[]'; value: ArrayLike<number> };

/**
 * A float32 tensor to write into a GGUF file.
 *
 * @category llama.cpp
 */
export interface GgufTensor {
  /** llama.cpp's tensor name (`blk.0.attn_q.weight`). */
  name: string;
  /** Row-major shape, as in safetensors; GGUF stores it innermost first. */
  shape: readonly number[];
  /** Reads the row-major values when the tensor's turn comes (one tensor in memory at a time). */
  read: () => Promise<Float32Array>;
  /**
   * Stored type: the values as given, or rounded to half precision.
   *
   * @defaultValue 'f32'
   */
  type?: 'f32' | 'f16';
}

/**
 * Options of {@link writeGguf}.
 *
 * @category llama.cpp
 */
export interface WriteGgufOptions {
  /** The file to write (replaced if it exists). */
  path: string;
  /** Metadata keys and values, written in this order. */
  metadata: ReadonlyMap<string, GgufValue>;
  /** Tensors, written in this order. */
  tensors: readonly GgufTensor[];
}

/** GGUF's value type codes. */
const typeCode = {
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
} as const;

/** GGUF's tensor type codes and element sizes. */
const tensorTypes = { f32: { code: 0, bytes: 4 }, f16: { code: 1, bytes: 2 } } as const;

/** Alignment of the tensor data (GGUF's default, `general.alignment`). */
const alignment = 32;

/** Little-endian byte builder for the GGUF header. */
class HeaderBytes {
  private chunks: Uint8Array[] = [];
  size = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.size += bytes.byteLength;
  }

  private scalar(bytes: number, write: (view: DataView) => void): void {
    const buffer = new Uint8Array(bytes);
    write(new DataView(buffer.buffer));
    this.push(buffer);
  }

  u32(value: number): void {
    this.scalar(4, (view) => view.setUint32(0, value, true));
  }

  i32(value: number): void {
    this.scalar(4, (view) => view.setInt32(0, value, true));
  }

  u64(value: number): void {
    this.scalar(8, (view) => view.setBigUint64(0, BigInt(value), true));
  }

  f32(value: number): void {
    this.scalar(4, (view) => view.setFloat32(0, value, true));
  }

  string(value: string): void {
    const bytes = new TextEncoder().encode(value);
    this.u64(bytes.byteLength);
    this.push(bytes);
  }

  bytes(value: Uint8Array): void {
    this.push(value);
  }

  concat(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  }
}

function writeValue(header: HeaderBytes, value: GgufValue): void {
  switch (value.type) {
    case 'uint32':
      header.u32(typeCode.uint32);
      header.u32(value.value);
      return;
    case 'int32':
      header.u32(typeCode.int32);
      header.i32(value.value);
      return;
    case 'float32':
      header.u32(typeCode.float32);
      header.f32(value.value);
      return;
    case 'bool':
      header.u32(typeCode.bool);
      header.bytes(new Uint8Array([value.value ? 1 : 0]));
      return;
    case 'string':
      header.u32(typeCode.string);
      header.string(value.value);
      return;
    case 'string[]':
      header.u32(typeCode.array);
      header.u32(typeCode.string);
      header.u64(value.value.length);
      for (const item of value.value) header.string(item);
      return;
    case 'int32[]': {
      header.u32(typeCode.array);
      header.u32(typeCode.int32);
      header.u64(value.value.length);
      const items = Int32Array.from(value.value);
      header.bytes(new Uint8Array(items.buffer));
      return;
    }
  }
}

const padding = (offset: number) => (alignment - (offset % alignment)) % alignment;

/**
 * Writes a GGUF (version 3) file of float32 (or float16) tensors, the format llama.cpp loads: the header,
 * metadata and tensor table first, then each tensor's values at a 32-byte aligned offset, read
 * one tensor at a time, so the file is never whole in memory.
 *
 * @param options - Path, metadata and tensors.
 * @throws R1kitError `INVALID_ARGUMENT` when a tensor's values do not match its shape, `IO_ERROR`
 *   when the file cannot be written.
 *
 * @example
 * ```ts
 * import { readFileSync, mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { writeGguf } from '@r1kit/rollout';
 * const path = join(mkdtempSync(join(tmpdir(), 'r1kit-')), 'tiny.gguf');
 * await writeGguf({
 *   path,
 *   metadata: new Map([['general.architecture', { type: 'string', value: 'llama' }]]),
 *   tensors: [{ name: 'w', shape: [2, 3], read: async () => new Float32Array(6) }],
 * });
 * console.log(new TextDecoder().decode(readFileSync(path).subarray(0, 4))); // 'GGUF'
 * ```
 *
 * @category llama.cpp
 */
export async function writeGguf(options: WriteGgufOptions): Promise<void> {
  const header = new HeaderBytes();
  header.bytes(new TextEncoder().encode('GGUF'));
  header.u32(3);
  header.u64(options.tensors.length);
  header.u64(options.metadata.size);
  for (const [key, value] of options.metadata) {
    header.string(key);
    writeValue(header, value);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const tensor of options.tensors) {
    header.string(tensor.name);
    header.u32(tensor.shape.length);
    for (const size of [...tensor.shape].reverse()) header.u64(size);
    const type = tensorTypes[tensor.type ?? 'f32'];
    header.u32(type.code);
    header.u64(offset);
    offsets.push(offset);
    const bytes = type.bytes * tensor.shape.reduce((total, size) => total * size, 1);
    offset += bytes + padding(bytes);
  }
  header.bytes(new Uint8Array(padding(header.size)));
  let file: Awaited<ReturnType<ReturnType<typeof nodeFsPromises>['open']>> | undefined;
  try {
    file = await nodeFsPromises().open(options.path, 'w');
    await file.write(header.concat());
    for (const [index, tensor] of options.tensors.entries()) {
      const data = await tensor.read();
      const expected = tensor.shape.reduce((total, size) => total * size, 1);
      if (data.length !== expected) {
        throw new R1kitError({
          code: 'INVALID_ARGUMENT',
          message: `writeGguf: tensor '${tensor.name}' has ${data.length} values; its shape [${tensor.shape.join(', ')}] needs ${expected}`,
        });
      }
      const stored = tensor.type === 'f16' ? toFloat16Bits(data) : data;
      await file.write(new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength));
      const next = offsets[index + 1];
      const gap =
        next === undefined
          ? padding(stored.byteLength)
          : next - offsets[index]! - stored.byteLength;
      if (gap > 0) await file.write(new Uint8Array(gap));
    }
  } catch (error) {
    if (R1kitError.isInstance(error)) throw error;
    throw new R1kitError({
      code: 'IO_ERROR',
      message: `writeGguf: cannot write ${options.path}`,
      cause: error,
    });
  } finally {
    await file?.close();
  }
}
