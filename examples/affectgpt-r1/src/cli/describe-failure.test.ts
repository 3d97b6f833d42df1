import { R1kitError } from '@r1kit/core';
import { describe, expect, it } from 'vitest';
import { describeFailure } from './describe-failure.js';

describe('describeFailure', () => {
  it('prints an R1kitError as its code and message, exit code 2', () => {
    const error = new R1kitError({ code: 'IO_ERROR', message: '--out x is a file' });
    expect(describeFailure(error)).toEqual({
      line: 'error (IO_ERROR): --out x is a file',
      exitCode: 2,
    });
  });

  it('prints any other error as one short line, exit code 1', () => {
    const minified = `${'var a=function(){return 1};'.repeat(1500)}\n    at Object.<anonymous>`;
    const { line, exitCode } = describeFailure(new TypeError(minified));
    expect(exitCode).toBe(1);
    expect(line.split('\n')).toHaveLength(1);
    expect(line.length).toBeLessThan(600);
    expect(line).toMatch(/^error \(unexpected TypeError\): var a=function/);
    expect(describeFailure('thrown text').line).toMatch(
      /^error \(unexpected string\): thrown text/,
    );
    expect(describeFailure(new Error('x'), { debug: true }).line).toContain('describe-failure');
  });
});
