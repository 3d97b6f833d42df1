import { R1kitError } from '@r1kit/core';

/**
 * The error for a `tokenizer.json` component this package does not implement, naming the
 * section and the type so the user knows what is missing.
 *
 * @param section - The JSON section, e.g. `normalizer` or `model`.
 * @param type - The component type found there.
 * @param supported - The types that are supported in that section.
 * @returns An `UNSUPPORTED` error.
 */
export function unsupportedComponent(
  section: string,
  type: unknown,
  supported: readonly string[],
): R1kitError {
  return new R1kitError({
    code: 'UNSUPPORTED',
    message: `Tokenizer.fromJSON: ${section} type ${JSON.stringify(type)} is not supported; supported types are ${supported.join(', ')}`,
  });
}
