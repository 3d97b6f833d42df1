/**
 * Splits an OV-MER open-set label cell (`[happy, joyful]`, `happy, joyful`, `['happy']`) into
 * lower-cased labels, as the official `string_to_list` does.
 *
 * @param cell - The cell text.
 * @returns The labels, trimmed, lower-cased, without empty entries or quotes.
 * @example
 * ```ts
 * parseLabelList("['Happy', 'joyful']"); // ['happy', 'joyful']
 * ```
 * @category Data
 */
export function parseLabelList(cell: string): string[] {
  const inner = cell.trim().replace(/^\[/, '').replace(/\]$/, '');
  return inner
    .split(/[,，、;]/)
    .map((label) =>
      label
        .trim()
        .replace(/^['"]|['"]$/g, '')
        .trim()
        .toLowerCase(),
    )
    .filter((label) => label.length > 0);
}
