import { R1kitError } from '@r1kit/core';

/** The longest message `describeFailure` prints; longer ones (minified sources) are cut. */
const maxLength = 400;

/**
 * The one line `npm start` prints for a failure, and its exit code: 2 for an `R1kitError` (bad
 * input, with what to do), 1 for anything else (a bug or an environment problem), whose first
 * message line is shown, cut to 400 characters, instead of a stack with minified sources.
 *
 * @param error - What was thrown.
 * @param options - `debug: true` appends the stack (`R1KIT_DEBUG=1`).
 * @returns The text to print on stderr and the process exit code.
 * @example
 * ```ts
 * const { line, exitCode } = describeFailure(new Error('boom'));
 * console.error(line); // error (unexpected Error): boom ...
 * process.exitCode = exitCode;
 * ```
 * @category CLI
 */
export function describeFailure(
  error: unknown,
  options: {
    /** Append the stack trace. @defaultValue false */
    debug?: boolean;
  } = {},
): { line: string; exitCode: number } {
  if (R1kitError.isInstance(error)) {
    return { line: `error (${error.code}): ${error.message}`, exitCode: 2 };
  }
  const name = error instanceof Error ? error.name : typeof error;
  const raw = error instanceof Error ? error.message : String(error);
  const first = (raw.split('\n').find((text) => text.trim() !== '') ?? '').trim();
  const message = first.length > maxLength ? `${first.slice(0, maxLength)}...` : first;
  const stack = options.debug && error instanceof Error ? `\n${error.stack ?? ''}` : '';
  return {
    line: `error (unexpected ${name}): ${message || '(no message)'} - this is a bug or an environment problem; rerun with R1KIT_DEBUG=1 for the stack${stack}`,
    exitCode: 1,
  };
}
