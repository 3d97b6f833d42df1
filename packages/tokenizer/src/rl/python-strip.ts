import type { Template } from '@huggingface/jinja';

const methods = new Set(['strip', 'lstrip', 'rstrip']);
const prefix = '__r1kit_';

/** Python's `str.strip` / `lstrip` / `rstrip`: `chars` (a set of characters) or whitespace. */
function stripPython(method: string, text: unknown, chars: unknown): string {
  if (typeof text !== 'string')
    throw new Error(`${method}() needs a string; received ${typeof text}`);
  if (chars === null || chars === undefined) {
    return method === 'strip'
      ? text.trim()
      : method === 'lstrip'
        ? text.trimStart()
        : text.trimEnd();
  }
  if (typeof chars !== 'string') throw new Error(`${method}() chars must be a string or None`);
  const set = new Set(Array.from(chars));
  const units = Array.from(text);
  let start = 0;
  let end = units.length;
  if (method !== 'rstrip') while (start < end && set.has(units[start]!)) start++;
  if (method !== 'lstrip') while (end > start && set.has(units[end - 1]!)) end--;
  return units.slice(start, end).join('');
}

/**
 * The functions that {@link rewriteStripCalls} routes `strip` / `lstrip` / `rstrip` calls to, as
 * template variables.
 */
export const stripFunctions: Record<string, (text: unknown, chars?: unknown) => string> =
  Object.fromEntries(
    [...methods].map((method) => [
      `${prefix}${method}`,
      (text: unknown, chars?: unknown) => stripPython(method, text, chars),
    ]),
  );

interface Node {
  type?: unknown;
  [key: string]: unknown;
}

/**
 * `@huggingface/jinja` ignores the argument of `s.strip(chars)`, `s.lstrip(chars)` and
 * `s.rstrip(chars)` and strips whitespace, where Python (and so `apply_chat_template`) strips
 * only `chars`: Qwen3's template writes `content.lstrip('\n')`, which must keep a leading space.
 * This rewrites each such call with an argument in the parsed template into a call of
 * {@link stripFunctions} (`__r1kit_lstrip(s, chars)`), in place.
 */
export function rewriteStripCalls(template: Template): void {
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value) || value instanceof Map) {
      for (const item of value instanceof Map ? [...value.keys(), ...value.values()] : value)
        visit(item);
      return;
    }
    const node = value as Node;
    for (const child of Object.values(node)) visit(child);
    const callee = node.callee as Node | undefined;
    const property = callee?.property as Node | undefined;
    const args = node.args;
    if (
      node.type === 'CallExpression' &&
      callee?.type === 'MemberExpression' &&
      callee.computed !== true &&
      property?.type === 'Identifier' &&
      typeof property.value === 'string' &&
      methods.has(property.value) &&
      Array.isArray(args) &&
      args.length > 0
    ) {
      property.value = `${prefix}${property.value}`;
      node.args = [callee.object, ...args];
      node.callee = property;
    }
  };
  visit(template.parsed);
}
