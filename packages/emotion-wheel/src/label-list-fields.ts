const quotePair = /^(['"])([\s\S]*)\1$/;

/**
 * The comma-separated fields of an answer list, as a reader counts them: one `[` and one `]`
 * around the list are dropped, the text is split on `,`, and each field is trimmed, freed of
 * one pair of matching quotes around it and lower-cased. Empty and repeated fields are kept,
 * so `sad,sad,,,` has five fields while the EW metric (which keeps distinct labels) sees one.
 *
 * @param answer - The text inside `<answer>...</answer>`.
 * @returns The fields, in order.
 *
 * @example
 * ```ts
 * import { labelListFields } from '@r1kit/emotion-wheel';
 * labelListFields('Sad, sad,'); // ['sad', 'sad', '']
 * labelListFields("['happy', 'joyful']"); // ['happy', 'joyful']
 * ```
 *
 * @category Labels
 */
export function labelListFields(answer: string): string[] {
  let text = answer.trim();
  if (text.startsWith('[')) text = text.slice(1);
  if (text.endsWith(']')) text = text.slice(0, -1);
  return text.split(',').map((field) => {
    const trimmed = field.trim();
    const quoted = quotePair.exec(trimmed);
    return (quoted ? (quoted[2] as string).trim() : trimmed).toLowerCase();
  });
}

/**
 * Whether an answer is a clean label list: at least one field, no empty field, no field
 * repeated (case-insensitive), and no quote left inside a field (the official parser would
 * split there). This is the check that closes the `sad,sad,,,` reward hack in
 * {@link formatReward}.
 *
 * @param answer - The text inside `<answer>...</answer>`.
 * @returns `true` for a clean list.
 *
 * @example
 * ```ts
 * import { isCleanLabelList } from '@r1kit/emotion-wheel';
 * isCleanLabelList('happy, joyful'); // true
 * isCleanLabelList('sad,sad,,,'); // false
 * ```
 *
 * @category Labels
 */
export function isCleanLabelList(answer: string): boolean {
  const fields = labelListFields(answer);
  return (
    fields.every((field) => field !== '' && !/['"]/.test(field)) &&
    new Set(fields).size === fields.length
  );
}
