const answerPattern = /<answer>([\s\S]*?)<\/answer>/g;
const thinkPattern = /<think>([\s\S]*?)<\/think>/g;

function lastMatch(pattern: RegExp, text: string): string | undefined {
  let found: string | undefined;
  for (const match of text.matchAll(pattern)) found = match[1];
  return found?.trim();
}

/**
 * The content of the last `<answer>...</answer>` block, trimmed.
 *
 * @param text - A model completion.
 * @returns The answer text, or `undefined` when there is no complete answer block.
 *
 * @example
 * ```ts
 * import { extractAnswer } from '@r1kit/emotion-wheel';
 * extractAnswer('<think>she frowns</think><answer>[sad, tired]</answer>'); // '[sad, tired]'
 * ```
 *
 * @category Extraction
 */
export function extractAnswer(text: string): string | undefined {
  return lastMatch(answerPattern, text);
}

/**
 * The content of the last `<think>...</think>` block, trimmed.
 *
 * @param text - A model completion.
 * @returns The reasoning text, or `undefined` when there is no complete think block.
 *
 * @example
 * ```ts
 * import { extractThink } from '@r1kit/emotion-wheel';
 * extractThink(
'<think>she frowns</think><answer>[sad]</answer>'); // 'she frowns'
 * ```
 *
 * @category Extraction
 */
export function extractThink(text: string): string | undefined {
  return lastMatch(thinkPattern, text);
}
