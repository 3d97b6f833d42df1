import { R1kitError } from '@r1kit/core';
import type { TokenizerJson } from './tokenizer-json.js';

function fail(where: string, problem: string): never {
  throw new R1kitError({
    code: 'PARSE_ERROR',
    message: `Tokenizer.fromJSON: ${where} ${problem}`,
  });
}

const isId = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * Checks the sections a BPE `tokenizer.json` needs before any of it is used: `model.vocab` an
 * object of distinct non-negative integer ids, `model.merges` a list of `"a b"` strings or
 * `["a", "b"]` pairs, and `added_tokens` entries with an integer id and a string content,
 * distinct ids, and no id that the vocabulary gives to another string.
 *
 * @param json - A parsed document whose `model` is a BPE object.
 * @throws R1kitError `PARSE_ERROR` naming the entry and what is wrong.
 * @internal
 */
export function validateBpeSections(json: TokenizerJson): void {
  const { vocab, merges } = json.model as { vocab?: unknown; merges?: unknown };
  if (typeof vocab !== 'object' || vocab === null || Array.isArray(vocab)) {
    fail(
      'model.vocab',
      `is ${JSON.stringify(vocab) ?? 'missing'}; expected an object of token -> id`,
    );
  }
  const byId = new Map<number, string>();
  for (const [token, id] of Object.entries(vocab)) {
    if (!isId(id))
      fail(
        `model.vocab[${JSON.stringify(token)}]`,
        `is ${JSON.stringify(id)}; expected a non-negative integer id`,
      );
    const other = byId.get(id);
    if (other !== undefined)
      fail(
        `model.vocab[${JSON.stringify(token)}]`,
        `reuses id ${id} of ${JSON.stringify(other)}; ids must be distinct`,
      );
    byId.set(id, token);
  }
  if (!Array.isArray(merges)) {
    fail(
      'model.merges',
      `is ${JSON.stringify(merges) ?? 'missing'}; expected a list of "a b" strings or ["a", "b"] pairs`,
    );
  }
  merges.forEach((merge: unknown, index: number) => {
    const pair =
      typeof merge === 'string'
        ? merge.split(' ')
        : Array.isArray(merge) && merge.every((part) => typeof part === 'string')
          ? merge
          : undefined;
    if (pair === undefined || pair.length !== 2 || pair[0] === '' || pair[1] === '') {
      fail(
        `model.merges[${index}]`,
        `is ${JSON.stringify(merge)}; expected "a b" (two tokens and one space) or ["a", "b"]`,
      );
    }
  });
  const added = (json as { added_tokens?: unknown }).added_tokens;
  if (added === undefined || added === null) return;
  if (!Array.isArray(added)) fail('added_tokens', `is ${JSON.stringify(added)}; expected a list`);
  const addedIds = new Set<number>();
  added.forEach((token: unknown, index: number) => {
    const entry = token as { id?: unknown; content?: unknown } | null;
    if (
      typeof entry !== 'object' ||
      entry === null ||
      !isId(entry.id) ||
      typeof entry.content !== 'string'
    ) {
      fail(
        `added_tokens[${index}]`,
        `is ${JSON.stringify(token)}; expected { id: non-negative integer, content: string }`,
      );
    }
    if (addedIds.has(entry.id)) fail(`added_tokens[${index}]`, `repeats id ${entry.id}`);
    addedIds.add(entry.id);
    const vocabToken = byId.get(entry.id);
    if (vocabToken !== undefined && vocabToken !== entry.content) {
      fail(
        `added_tokens[${index}] (${JSON.stringify(entry.content)})`,
        `has id ${entry.id}, which model.vocab gives to ${JSON.stringify(vocabToken)}`,
      );
    }
  });
}
