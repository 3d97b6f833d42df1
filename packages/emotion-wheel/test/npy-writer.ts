import { zipSync } from 'fflate';

/** Encodes a 1-d numpy unicode array (`<U{width}`) as .npy bytes, for tests. */
export function npyUnicode(values: readonly string[]): Uint8Array {
  const width = Math.max(1, ...values.map((value) => [...value].length));
  return npy(
    `'<U${width}'`,
    `(${values.length},)`,
    (view, offset) => {
      values.forEach((value, index) => {
        [...value].forEach((char, position) => {
          view.setUint32(offset + (index * width + position) * 4, char.codePointAt(0)!, true);
        });
      });
    },
    values.length * width * 4,
  );
}

/** Encodes a .npy header with the given descr and shape and a payload of `size` bytes. */
export function npy(
  descr: string,
  shape: string,
  fill: (view: DataView, offset: number) => void,
  size: number,
): Uint8Array {
  let header = `{'descr': ${descr}, 'fortran_order': False, 'shape': ${shape}, }`;
  header += ' '.repeat(63 - ((header.length + 10) % 64));
  header += '\n';
  const bytes = new Uint8Array(10 + header.length + size);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const view = new DataView(bytes.buffer);
  view.setUint16(8, header.length, true);
  bytes.set(new TextEncoder().encode(header), 10);
  fill(view, 10 + header.length);
  return bytes;
}

/** Zips .npy payloads into .npz bytes. */
export function npz(entries: Record<string, Uint8Array>): Uint8Array {
  return zipSync(
    Object.fromEntries(Object.entries(entries).map(([key, value]) => [`${key}.npy`, value])),
  );
}
