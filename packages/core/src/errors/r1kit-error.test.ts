import { describe, expect, it } from 'vitest';
import { describeValue } from './describe-value.js';
import { invalidArgument, R1kitError } from './r1kit-error.js';

describe('R1kitError', () => {
  it('carries code, message and cause', () => {
    const cause = new Error('inner');
    const error = new R1kitError({ code: 'PARSE_ERROR', message: 'bad header', cause });
    expect(error.code).toBe('PARSE_ERROR');
    expect(error.message).toBe('bad header');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('R1kitError');
    expect(error).toBeInstanceOf(Error);
  });

  it('isInstance recognises errors from another copy of the class by brand', () => {
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('@r1kit/error')]: true,
      code: 'NOT_FOUND',
    });
    expect(R1kitError.isInstance(foreign)).toBe(true);
    expect(R1kitError.isInstance(new Error('plain'))).toBe(false);
    expect(R1kitError.isInstance({ code: 'NOT_FOUND' })).toBe(false);
    expect(R1kitError.isInstance(null)).toBe(false);
    expect(R1kitError.isInstance(new R1kitError({ code: 'IO_ERROR', message: 'm' }))).toBe(true);
  });

  it('invalidArgument names the function, argument, expectation and value', () => {
    const error = invalidArgument({
      functionName: 'groupAdvantages',
      argument: 'options.groupSize',
      received: 5,
      expected: 'a positive integer that divides rewards.length (12)',
    });
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toBe(
      'groupAdvantages: options.groupSize must be a positive integer that divides rewards.length (12); received 5',
    );
  });
});

describe('describeValue', () => {
  it('describes arrays, typed arrays, strings and tensor-likes', () => {
    expect(describeValue([1, 2, 3])).toBe('array of length 3 [1, 2, 3]');
    expect(describeValue(new Float32Array(10))).toBe(
      'Float32Array of length 10 [0, 0, 0, 0, 0, 0, ...]',
    );
    expect(describeValue('abc')).toBe('"abc"');
    expect(describeValue({ shape: [2, 3], dtype: 'float32' })).toBe(
      'tensor of shape [2, 3] and dtype float32',
    );
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue({ a: 1, b: 2 })).toBe('object with keys {a, b}');
  });
});
