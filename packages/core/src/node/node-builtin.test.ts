import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { R1kitError } from '../errors/r1kit-error.js';
import { nodeBuiltin } from './node-builtin.js';

describe('nodeBuiltin', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('returns the Node.js module itself', () => {
    expect(nodeBuiltin({ module: 'path', functionName: 'test' }).join).toBe(path.join);
  });

  it('refuses with UNSUPPORTED, naming the function, where there is no Node.js', () => {
    vi.stubGlobal('process', undefined);
    let caught: unknown;
    try {
      nodeBuiltin({ module: 'fs/promises', functionName: 'loadCausalLM' });
    } catch (error) {
      caught = error;
    }
    vi.unstubAllGlobals();
    expect(R1kitError.isInstance(caught)).toBe(true);
    expect((caught as R1kitError).code).toBe('UNSUPPORTED');
    expect((caught as R1kitError).message).toMatch(/^loadCausalLM: .*Node\.js 20\.16/);
  });
});
