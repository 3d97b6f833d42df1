import { invalidArgument, R1kitError } from '@r1kit/core';

/** A raw `config.json` object. */
export type RawConfig = Record<string, unknown>;

/** Fails with INVALID_CONFIG naming `config.<key>`. */
export function invalidField(key: string, received: unknown, expected: string): never {
  throw invalidArgument({
    functionName: 'parseCausalLMConfig',
    argument: `config.${key}`,
    received,
    expected,
    code: 'INVALID_CONFIG',
  });
}

/** Fails with UNSUPPORTED, naming the feature. */
export function unsupportedFeature(detail: string): never {
  throw new R1kitError({ code: 'UNSUPPORTED', message: `parseCausalLMConfig: ${detail}` });
}

/** Reads a positive integer field (`fallback` when absent or null). */
export function positiveInteger(raw: RawConfig, key: string, fallback?: number): number {
  const value = raw[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    invalidField(key, value, 'a positive integer');
  }
  return value;
}

/** Reads a positive finite number field (`fallback` when absent or null). */
export function positiveNumber(raw: RawConfig, key: string, fallback?: number): number {
  const value = raw[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    invalidField(key, value, 'a positive finite number');
  }
  return value;
}

/** Reads an optional positive number: `undefined` when absent or null. */
export function optionalPositiveNumber(raw: RawConfig, key: string): number | undefined {
  return raw[key] === undefined || raw[key] === null ? undefined : positiveNumber(raw, key);
}
