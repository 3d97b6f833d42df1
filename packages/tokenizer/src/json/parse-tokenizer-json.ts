import { invalidArgument, nodeBuiltin, R1kitError } from '@r1kit/core';
import type { TokenizerJson } from './tokenizer-json.js';
import { validateBpeSections } from './validate-bpe-sections.js';

/**
 * Parses and checks a `tokenizer.json` document: valid JSON, a `model` section, a BPE model
 * without dropout.
 *
 * @param json - The document or its JSON text.
 * @returns The parsed document.
 * @throws R1kitError `PARSE_ERROR` for malformed input, `UNSUPPORTED` for other model types.
 */
export function parseTokenizerJson(json: TokenizerJson | string): TokenizerJson {
  let parsed: TokenizerJson;
  try {
    parsed = typeof json === 'string' ? (JSON.parse(json) as TokenizerJson) : json;
  } catch (error) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `Tokenizer.fromJSON: json is not valid JSON (${String(error)})`,
      cause: error,
    });
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof parsed.model !== 'object' ||
    parsed.model === null
  ) {
    throw invalidArgument({
      functionName: 'Tokenizer.fromJSON',
      argument: 'json',
      received: parsed,
      expected: 'a tokenizer.json document with a "model" section',
      code: 'PARSE_ERROR',
    });
  }
  const type = parsed.model.type ?? ('merges' in parsed.model ? 'BPE' : undefined);
  if (type !== 'BPE') {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `Tokenizer.fromJSON: model type ${JSON.stringify(type)} is not supported; only BPE models (byte-level or with byte fallback) are`,
    });
  }
  const dropout = parsed.model.dropout;
  if (dropout !== null && dropout !== undefined && dropout > 0) {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `Tokenizer.fromJSON: model.dropout ${dropout} is not supported; expected null or 0`,
    });
  }
  validateBpeSections(parsed);
  return parsed;
}

/**
 * Reads a text file for `Tokenizer.fromFile`, turning failures into `IO_ERROR`.
 *
 * @param file - The path.
 * @returns The file's text.
 */
export async function readTextFile(file: string): Promise<string> {
  const { readFile } = nodeBuiltin({ module: 'fs/promises', functionName: 'Tokenizer.fromFile' });
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new R1kitError({
      code: 'IO_ERROR',
      message: `Tokenizer.fromFile: cannot read ${JSON.stringify(file)} (${String(error)})`,
      cause: error,
    });
  }
}
