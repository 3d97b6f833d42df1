import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectR1kitError } from '@r1kit/test-utils';
import { afterAll, describe, expect, it, vi } from 'vitest';

/** When set, the second fstat of a read reports this many more bytes (a file replaced mid-read). */
const growth = vi.hoisted(() => ({ bytes: 0, calls: 0 }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    fstatSync: (handle: number) => {
      const stats = fs.fstatSync(handle);
      growth.calls += 1;
      if (growth.bytes !== 0 && growth.calls % 2 === 0) {
        return Object.assign(Object.create(Object.getPrototypeOf(stats)), stats, {
          size: stats.size + growth.bytes,
        });
      }
      return stats;
    },
  };
});

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
    growth.bytes = 16;
    growth.calls = 0;
    try {
      expectR1kitError(
        () => readFileChecked(path, 'FeatureDataset.loadBatch'),
        'IO_ERROR',
        /FeatureDataset\.loadBatch: .*b\.npy changed while it was read \(64 bytes at open, 80 after/,
      );
    } finally {
      growth.bytes = 0;
    }
  });
});
