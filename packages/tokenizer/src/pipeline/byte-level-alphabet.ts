/**
 * The GPT-2 byte-to-character table used by byte-level BPE: printable Latin-1 bytes map to
 * themselves, the other 68 bytes map to U+0100 and up, in byte order.
 */
function buildByteToChar(): string[] {
  const table: string[] = new Array(256);
  let next = 256;
  for (let byte = 0; byte < 256; byte++) {
    const printable =
      (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || byte >= 0xae;
    table[byte] = String.fromCharCode(printable ? byte : next++);
  }
  return table;
}

/** Byte value (0-255) to its byte-level character. */
export const byteToChar: readonly string[] = buildByteToChar();

/** Byte-level character to its byte value. */
export const charToByte: ReadonlyMap<string, number> = new Map(
  byteToChar.map((char, byte) => [char, byte]),
);

const encoder = new TextEncoder();

/**
 * Maps text to its byte-level form: the UTF-8 bytes of `text`, each written as one character of
 * the byte-level alphabet.
 *
 * @param text - Any string.
 * @returns The byte-level string (one character per UTF-8 byte).
 */
export function toByteLevel(text: string): string {
  let ascii = true;
  for (let index = 0; index < text.length; index++) {
    if (text.charCodeAt(index) >= 0x80) {
      ascii = false;
      break;
    }
  }
  let out = '';
  if (ascii) {
    for (let index = 0; index < text.length; index++) out += byteToChar[text.charCodeAt(index)];
    return out;
  }
  const bytes = encoder.encode(text);
  for (let index = 0; index < bytes.length; index++) out += byteToChar[bytes[index]!];
  return out;
}
