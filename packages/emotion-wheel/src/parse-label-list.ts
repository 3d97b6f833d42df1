/**
 * A label field as it appears in a dataset: the official list string (`"[happy, sad]"`), an
 * already-split list, or nothing (`null`/`undefined`, which pandas reads as NaN).
 *
 * @category Labels
 */
export type LabelField = string | readonly string[] | null | undefined;

const splitter = /['",]/;

/**
 * Parses a label field with the official `string_to_list` semantics of the OV-MER evaluation:
 * one `[` is dropped at the start and one `]` at the end (before any strip), the rest is split on
 * every `,`, `'` and `"`, and pieces are stripped, with empty pieces dropped. Semicolons, `and`,
 * `/` and spaces do not split. A list is returned unchanged (no splitting, no stripping), and
 * `null`/`undefined`/`""` give `[]`.
 *
 * @param field - The label field.
 * @returns The raw items, not yet lower-cased.
 *
 * @example
 * ```ts
 * import { parseLabelList } from '@r1kit/emotion-wheel';
 * parseLabelList('[happy, sad]'); // ['happy', 'sad']
 * parseLabelList('[happy and excited]'); // ['happy and excited']
 * ```
 *
 * @category Labels
 */
export function parseLabelList(field: LabelField): string[] {
  if (field === null || field === undefined) return [];
  if (typeof field !== 'string') return [...field];
  if (field === '') return [];
  let text = field;
  if (text.startsWith('[')) text = text.slice(1);
  if (text.endsWith(']')) text = text.slice(0, -1);
  const items: string[] = [];
  for (const piece of text.split(splitter)) {
    const stripped = piece.trim();
    if (stripped !== '') items.push(stripped);
  }
  return items;
}

/**
 * Parses a label field and normalises every item the way the metric does (`lower().strip()`).
 *
 * @param field - The label field.
 * @returns Lower-cased, stripped items in order; duplicates are kept.
 *
 * @example
 * ```ts
 * import { normalizeLabels } from '@r1kit/emotion-wheel';
 * normalizeLabels(
"['Happy', ' Angry ']"); // ['happy', 'angry']
 * ```
 *
 * @category Labels
 */
export function normalizeLabels(field: LabelField): string[] {
  if (typeof field !== 'string') {
    return parseLabelList(field).map((item) => String(item).toLowerCase().trim());
  }
  const items: string[] = [];
  let start = field.startsWith('[') ? 1 : 0;
  const end = field.length > start && field.endsWith(']') ? field.length - 1 : field.length;
  for (let position = start; position <= end; position++) {
    const code = position < end ? field.charCodeAt(position) : 44;
    // 44 ',', 39 "'", 34 '"': the official splitter class ['",].
    if (code !== 44 && code !== 39 && code !== 34) continue;
    const piece = field.slice(start, position).trim();
    if (piece !== '') items.push(piece.toLowerCase().trim());
    start = position + 1;
  }
  return items;
}
