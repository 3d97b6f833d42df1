import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDirectoryAtomically } from './write-directory-atomically.js';

describe('writeDirectoryAtomically', () => {
  it('replaces an existing directory and leaves no temporary folders', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'r1kit-atomic-'));
    const target = join(parent, 'checkpoint-1');
    await writeDirectoryAtomically(target, (dir) => writeFile(join(dir, 'a.txt'), 'one'));
    await writeDirectoryAtomically(target, (dir) => writeFile(join(dir, 'b.txt'), 'two'));
    expect(await readdir(target)).toEqual(['b.txt']);
    expect(await readdir(parent)).toEqual(['checkpoint-1']);
  });

  it('keeps the old directory when writing fails', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'r1kit-atomic-'));
    const target = join(parent, 'checkpoint-2');
    await writeDirectoryAtomically(target, (dir) => writeFile(join(dir, 'a.txt'), 'old'));
    await expect(
      writeDirectoryAtomically(target, async (dir) => {
        await writeFile(join(dir, 'a.txt'), 'half');
        throw new Error('disk full');
      }),
    ).rejects.toMatchObject({ code: 'IO_ERROR' });
    expect(await readFile(join(target, 'a.txt'), 'utf8')).toBe('old');
    expect(await readdir(parent)).toEqual(['checkpoint-2']);
  });
});
