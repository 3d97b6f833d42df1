import fs, { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectR1kitError } from '@r1kit/test-utils';
import { afterAll, describe, expect, it, vi } from 'vitest';

// The code fetches node:fs at run time (nodeBuiltin), which is this same module object.
const realFstat = fs.fstatSync;

const { readFileChecked } = await import('./read-file-checked.js');
const directory = mkdtempSync(join(tmpdir(), 'r1kit-read-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('readFileChecked', () => {
  it('reads a whole file or its head, and names a missing path or a folder', () => {
    const path = join(directory, 'a.npy');
    writeFileSync(path, new Uint8Array([1, 2, 3, 4, 5]));
    expect(Array.from(readFileChecked(path, 'test'))).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(readFileChecked(path, 'test', 2))).toEqual([1, 2]);
    expectR1kitError(
      () => readFileChecked(join(directory, 'no.npy'), 'test'),
      'NOT_FOUND',
      /no\.npy/,
    );
    expectR1kitError(() => readFileChecked(directory, 'test'), 'IO_ERROR', /is a folder/);
  });

  it('refuses a file whose size changes between the stat and the read', () => {
    const path = join(directory, 'b.npy');
    writeFileSync(path, new Uint8Array(64));
    let calls = 0;
    const spy = vi.spyOn(fs, 'fstatSync').mockImplementation(((handle: number) => {
      const stats = realFstat(handle);
      calls += 1;
      // The second fstat of the read sees 16 more bytes: the file was replaced mid-read.
      return calls % 2 === 0
        ? Object.assign(Object.create(Object.getPrototypeOf(stats)), stats, {
            size: stats.size + 16,
          })
        : stats;
    }) as typeof fs.fstatSync);
    try {
      expectR1kitError(
        () => readFileChecked(path, 'FeatureDataset.loadBatch'),
        'IO_ERROR',
        /FeatureDataset\.loadBatch: .*b\.npy changed while it was read \(64 bytes at open, 80 after/,
      );
      expect(calls).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });
});
