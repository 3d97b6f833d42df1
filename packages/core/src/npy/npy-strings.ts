import { R1kitError } from '../errors/r1kit-error.js';
import type { NpyElement } from './npy-dtype.js';

/**
 * Decodes `count` fixed-width numpy strings: `U` as UTF-32 code points, `S` as Latin-1 bytes,
 * each cut at its first NUL. A code point above U+10FFFF or a lone surrogate is refused with
 * `PARSE_ERROR` naming the element.
 *
 * @internal
 */
export function decodeStrings(
  body: Uint8Array,
  element: NpyElement,
  count: number,
  where: string,
): string[] {
  const width = element.width ?? 0;
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const latin1 = new TextDecoder('latin1');
  const out = new Array<string>(count);
  for (let item = 0; item < count; item++) {
    const offset = item * element.itemBytes;
    if (element.dtype === 'bytes') {
      const raw = body.subarray(offset, offset + width);
      const end = raw.indexOf(0);
      out[item] = latin1.decode(end < 0 ? raw : raw.subarray(0, end));
      continue;
    }
    let text = '';
    for (let index = 0; index < width; index++) {
      const point = view.getUint32(offset + index * 4, element.littleEndian);
      if (point === 0) break;
      if (point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) {
        throw new R1kitError({
          code: 'PARSE_ERROR',
          message: `${where}: string element ${item} holds the invalid code point 0x${point.toString(16)} at character ${index}; expected Unicode scalar values (at most U+10FFFF, no surrogates)`,
        });
      }
      text += String.fromCodePoint(point);
    }
    out[item] = text;
  }
  return out;
}
