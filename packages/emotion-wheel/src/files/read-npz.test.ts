import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { R1kitError } from '@r1kit/core';
import { describe, expect, it } from 'vitest';
import { npy, npyUnicode, npz } from '../../test/npy-writer.js';
import { hasReference, referenceDirectory } from '../../test/reference-data.js';
import { readNpz } from './read-npz.js';

describe('readNpz', () => {
  it('round-trips unicode arrays, including non-ASCII and padding', () => {
    const names = ['sample_00000001', 'é😀', ''];
    const arrays = readNpz(npz({ filenames: npyUnicode(names) }), 'test.npz');
    expect(arrays.filenames).toEqual({
      dtype: expect.stringMatching(/^<U\d+$/),
      shape: [3],
      values: names,
    });
  });

  it('refuses pickled object arrays and non-string dtypes', () => {
    const pickled = npz({ name2reason: npy("'|O'", '()', () => {}, 8) });
    try {
      readNpz(pickled, 'model.npz');
      expect.unreachable();
    } catch (error) {
      expect(R1kitError.isInstance(error) && error.code).toBe('UNSUPPORTED');
      expect((error as Error).message).toMatch(/pickled object array .*never unpickles/);
    }
    expect(() => readNpz(npz({ x: npy("'<f8'", '(1,)', () => {}, 8) }), 'f.npz')).toThrow(
      /dtype <f8; only unicode/,
    );
    expect(() => readNpz(new Uint8Array([1, 2, 3]), 'junk.npz')).toThrow(/not an .npz/);
  });

  it.skipIf(!hasReference)('reads the official *-openset.npz and refuses the pickled one', () => {
    const folder = resolve(referenceDirectory, 'sample-outputs');
    const arrays = readNpz(
      readFileSync(resolve(folder, 'checkpoint_000030_loss_0.602-openset.npz')),
      'openset',
    );
    expect(arrays.filenames!.values).toHaveLength(532);
    expect(arrays.filenames!.values[0]).toBe('sample_00000000');
    expect(arrays.fileitems!.values[0]).toBe('[unease, anxiety]');
    expect(arrays.fileitems!.values).toHaveLength(532);
    expect(arrays.filenames!.values.every((name) => /^sample(new\d+)?_\d+$/.test(name))).toBe(true);
    expect(arrays.fileitems!.values.filter((item) => item.startsWith('[')).length).toBeGreaterThan(
      500,
    );
    expect(() =>
      readNpz(readFileSync(resolve(folder, 'checkpoint_000030_loss_0.602.npz')), 'reason'),
    ).toThrow(/pickled/);
  });
});
