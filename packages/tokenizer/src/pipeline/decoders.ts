import type { ComponentJson } from '../json/tokenizer-json.js';
import { charToByte } from './byte-level-alphabet.js';
import { patternOf } from './normalizers.js';
import { unsupportedComponent } from './unsupported.js';

/** One decoding step over the token strings; the final strings are concatenated. */
export type Decoder = (tokens: string[]) => string[];

const supported = [
  'ByteLevel',
  'ByteFallback',
  'Fuse',
  'Strip',
  'Replace',
  'Metaspace',
  'Sequence',
];
const lossyUtf8 = new TextDecoder('utf-8');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const utf8 = new TextEncoder();

/** Maps byte-level tokens back to bytes and decodes them as UTF-8 (invalid bytes become U+FFFD). */
function decodeByteLevel(tokens: string[]): string[] {
  const bytes: number[] = [];
  for (const token of tokens) {
    const start = bytes.length;
    let mapped = true;
    for (const char of token) {
      const byte = charToByte.get(char);
      if (byte === undefined) {
        mapped = false;
        break;
      }
      bytes.push(byte);
    }
    if (!mapped) {
      bytes.length = start;
      for (const byte of utf8.encode(token)) bytes.push(byte);
    }
  }
  return [lossyUtf8.decode(Uint8Array.from(bytes))];
}

/** Turns runs of `<0xXX>` tokens into text; an invalid run gives one U+FFFD per byte. */
function decodeByteFallback(tokens: string[]): string[] {
  const out: string[] = [];
  let pending: number[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    try {
      out.push(strictUtf8.decode(Uint8Array.from(pending)));
    } catch {
      out.push('\ufffd'.repeat(pending.length));
    }
    pending = [];
  };
  for (const token of tokens) {
    const match = /^<0x([0-9A-F]{2})>$/.exec(token);
    if (match) pending.push(Number.parseInt(match[1]!, 16));
    else {
      flush();
      out.push(token);
    }
  }
  flush();
  return out;
}

/** Removes up to `left` leading and `right` trailing copies of `content` from each token. */
function stripper(content: string, left: number, right: number): Decoder {
  return (tokens) =>
    tokens.map((token) => {
      const chars = Array.from(token);
      let start = 0;
      let end = chars.length;
      while (start < left && start < end && chars[start] === content) start++;
      while (chars.length - end < right && end > start && chars[end - 1] === content) end--;
      return chars.slice(start, end).join('');
    });
}

/**
 * Builds the decoder described by the `decoder` section of a `tokenizer.json`.
 *
 * @param json - The section, or `null` for none (tokens are then joined with spaces).
 * @returns The decoder.
 */
export function buildDecoder(json: ComponentJson | null): Decoder {
  if (json === null) return (tokens) => [tokens.join(' ')];
  switch (json.type) {
    case 'ByteLevel':
      return decodeByteLevel;
    case 'ByteFallback':
      return decodeByteFallback;
    case 'Fuse':
      return (tokens) => [tokens.join('')];
    case 'Strip':
      return stripper(String(json.content), Number(json.start), Number(json.stop));
    case 'Replace': {
      const regex = patternOf(json);
      const content = String(json.content);
      return (tokens) => tokens.map((token) => token.replace(regex, () => content));
    }
    case 'Metaspace': {
      const replacement = String(json.replacement ?? '▁');
      const prepend = String(json.prepend_scheme ?? 'always') !== 'never';
      return (tokens) =>
        tokens.map((token, index) => {
          const text = token.replaceAll(replacement, ' ');
          return index === 0 && prepend && text.startsWith(' ') ? text.slice(1) : text;
        });
    }
    case 'Sequence': {
      const steps = (json.decoders as ComponentJson[]).map((step) => buildDecoder(step));
      return (tokens) => steps.reduce((current, step) => step(current), tokens);
    }
    default:
      throw unsupportedComponent('decoder', json.type, supported);
  }
}
