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

describe('cleanInterruptedWrites', () => {
  it('deletes a killed write, restores a directory killed between the renames, keeps live ones', async () => {
    const { cleanInterruptedWrites } = await import('./write-directory-atomically.js');
    const { mkdir } = await import('node:fs/promises');
    const parent = await mkdtemp(join(tmpdir(), 'r1kit-atomic-'));
    const dead = 2 ** 22 + 12345; // above Linux's pid_max default range: no such process
    await writeDirectoryAtomically(join(parent, 'checkpoint-1'), (dir) =>
      writeFile(join(dir, 'a.txt'), 'kept'),
    );
    await mkdir(join(parent, `.checkpoint-2.tmp-${dead}-ab12cd34`));
    await writeFile(join(parent, `.checkpoint-2.tmp-${dead}-ab12cd34`, 'half.txt'), 'half');
    await mkdir(join(parent, `.checkpoint-3.old-${dead}-00ff00ff`));
    await writeFile(join(parent, `.checkpoint-3.old-${dead}-00ff00ff`, 'a.txt'), 'three');
    await mkdir(join(parent, `.checkpoint-3.tmp-${dead}-00ff00ff`));
    await mkdir(join(parent, `.checkpoint-1.old-${dead}-11111111`));
    const live = `.checkpoint-4.tmp-${process.ppid}-22222222`;
    await mkdir(join(parent, live));
    const result = await cleanInterruptedWrites(parent);
    expect(result.restored).toEqual([join(parent, 'checkpoint-3')]);
    expect(result.removed.sort()).toEqual(
      [
        join(parent, `.checkpoint-1.old-${dead}-11111111`),
        join(parent, `.checkpoint-2.tmp-${dead}-ab12cd34`),
        join(parent, `.checkpoint-3.tmp-${dead}-00ff00ff`),
      ].sort(),
    );
    expect((await readdir(parent)).sort()).toEqual([live, 'checkpoint-1', 'checkpoint-3'].sort());
    expect(await readFile(join(parent, 'checkpoint-3', 'a.txt'), 'utf8')).toBe('three');
    expect(await readFile(join(parent, 'checkpoint-1', 'a.txt'), 'utf8')).toBe('kept');
    expect(await cleanInterruptedWrites(join(parent, 'missing'))).toEqual({
      removed: [],
      restored: [],
    });
  });
});
