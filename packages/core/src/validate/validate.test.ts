import { describe, expect, it } from 'vitest';
import { R1kitError } from '../errors/r1kit-error.js';
import { requireFiniteArray } from './require-finite-array.js';
import { requireInteger, requireNumber } from './require-number.js';
import { requireOneOf } from './require-one-of.js';
import { requireTensor } from './require-tensor.js';

const where = { functionName: 'f', argument: 'options.x' };

function errorOf(run: () => unknown): R1kitError {
  try {
    run();
  } catch (error) {
    if (R1kitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an R1kitError');
}

describe('requireNumber / requireInteger', () => {
  it('returns accepted values and names the range when refusing', () => {
    expect(requireNumber({ ...where, value: 0.5, min: 0, max: 1 })).toBe(0.5);
    expect(
      errorOf(() => requireNumber({ ...where, value: 0, min: 0, exclusiveMin: true })).message,
    ).toBe('f: options.x must be a finite number > 0; received 0');
    expect(errorOf(() => requireNumber({ ...where, value: Number.NaN })).message).toBe(
      'f: options.x must be a finite number; received NaN',
    );
    expect(errorOf(() => requireNumber({ ...where, value: 2, min: 0, max: 1 })).message).toMatch(
      />= 0 and <= 1; received 2$/,
    );
    expect(
      errorOf(() => requireNumber({ ...where, value: 1, max: 1, exclusiveMax: true })).code,
    ).toBe('INVALID_ARGUMENT');
  });

  it('requires integers, with the positive-integer wording for min 1', () => {
    expect(requireInteger({ ...where, value: 3, min: 1 })).toBe(3);
    expect(errorOf(() => requireInteger({ ...where, value: 1.5, min: 1 })).message).toBe(
      'f: options.x must be a positive integer; received 1.5',
    );
    expect(errorOf(() => requireInteger({ ...where, value: 1, min: 2 })).message).toMatch(
      /an integer >= 2; received 1$/,
    );
    const custom = errorOf(() =>
      requireInteger({ ...where, value: 5.5, expected: 'a divisor of 12', code: 'SHAPE_MISMATCH' }),
    );
    expect([custom.code, custom.message]).toEqual([
      'SHAPE_MISMATCH',
      'f: options.x must be a divisor of 12; received 5.5',
    ]);
  });
});

describe('requireInteger divisorOf', () => {
  it('accepts divisors and names the count when refusing', () => {
    expect(requireInteger({ ...where, value: 4, min: 2, divisorOf: 12 })).toBe(4);
    expect(
      errorOf(() => requireInteger({ ...where, value: 5, min: 2, divisorOf: 12 })).message,
    ).toBe('f: options.x must be an integer >= 2 that divides 12; received 5');
    expect(errorOf(() => requireInteger({ ...where, value: 0, divisorOf: 0 })).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

describe('requireOneOf', () => {
  it('lists the accepted values', () => {
    expect(requireOneOf({ ...where, value: 'b', allowed: ['a', 'b'] })).toBe('b');
    expect(errorOf(() => requireOneOf({ ...where, value: 'c', allowed: ['a', 'b'] })).message).toBe(
      "f: options.x must be one of 'a', 'b'; received \"c\"",
    );
  });
});

describe('requireFiniteArray', () => {
  it('copies finite arrays and names the first bad element', () => {
    const source = new Float32Array([1, 2]);
    const copy = requireFiniteArray({ ...where, value: source });
    expect(copy).toEqual(new Float64Array([1, 2]));
    copy[0] = 9;
    expect(source[0]).toBe(1);
    const bad = errorOf(() =>
      requireFiniteArray({ ...where, value: [1, Number.POSITIVE_INFINITY] }),
    );
    expect([bad.code, bad.message]).toEqual([
      'NUMERIC_ERROR',
      'f: options.x[1] must be a finite number; received Infinity',
    ]);
    expect(errorOf(() => requireFiniteArray({ ...where, value: 'ab' })).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

describe('requireTensor', () => {
  it('checks liveness, rank and shape with wildcards', () => {
    // A structural stand-in: the check reads only shape, dtype and isDisposed.
    const x = { shape: [2, 3], dtype: 'float32', isDisposed: false };
    expect(requireTensor({ ...where, value: x, shape: [2, null] })).toBe(x);
    expect(requireTensor({ ...where, value: x, rank: 2 })).toBe(x);
    const wrong = errorOf(() =>
      requireTensor({ ...where, value: x, shape: [2, 4], shapeName: 'the shape of y' }),
    );
    expect([wrong.code, wrong.message]).toEqual([
      'SHAPE_MISMATCH',
      'f: options.x must be a tensor of shape [2, 4] (the shape of y); received tensor of shape [2, 3] and dtype float32',
    ]);
    expect(errorOf(() => requireTensor({ ...where, value: x, rank: 3 })).message).toMatch(/rank 3/);
    x.isDisposed = true;
    expect(errorOf(() => requireTensor({ ...where, value: x })).code).toBe('INVALID_STATE');
    expect(errorOf(() => requireTensor({ ...where, value: [1, 2] })).code).toBe('INVALID_ARGUMENT');
  });
});
