import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { R1kitError, serializeNpy } from '@r1kit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type DecodedArray, loadOvMer } from './load-ov-mer.js';

// The loader takes the .npy decoder as an option; these tests store arrays as JSON so they check
// the loader's own logic (CSV handling, resampling, errors) independently of the npy format.
const readJson = (bytes: Uint8Array): DecodedArray => JSON.parse(new TextDecoder().decode(bytes));
const directories: string[] = [];

async function fixture(files: Record<string, string | DecodedArray>): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'r1kit-ovmer-'));
  directories.push(directory);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(directory, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return directory;
}

function codeAndMessage(error: unknown): [string, string] {
  if (!R1kitError.isInstance(error)) throw error;
  return [error.code, error.message];
}

afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

describe('loadOvMer', () => {
  const features = (rows: number, dim: number, offset = 0): DecodedArray => ({
    shape: [rows, dim],
    data: Array.from({ length: rows * dim }, (_, index) => offset + index),
  });

  it('joins labels, subtitles, descriptions and features, resampling to 8 steps', async () => {
    const directory = await fixture({
      'label.csv': 'name,openset\nclip_a,"[Happy, joyful]"\nclip_b,sad\n',
      'subtitle.csv': 'name,chinese,english\nclip_a,你好,"Hello, friend"\n',
      'description.csv': 'name,reason\nclip_b,the voice is low\n',
      'audio/clip_a.npy': features(4, 2),
      'audio/clip_b.npy': features(16, 2, 100),
      'face/clip_a.npy': { shape: [3], data: [1, 2, 3] },
      'face/clip_b.npy': features(8, 3),
    });
    const [a, b] = await loadOvMer(directory, { readNpy: readJson });
    expect(a?.labels).toEqual(['happy', 'joyful']);
    expect(a?.subtitle).toBe('Hello, friend');
    expect(b?.subtitle).toBe('');
    expect(b?.description).toBe('the voice is low');
    expect(a?.audioShape).toEqual([8, 2]);
    // 4 rows sampled at floor(step * 4 / 8): rows 0,0,1,1,2,2,3,3.
    expect([...(a?.audio ?? [])]).toEqual([0, 1, 0, 1, 2, 3, 2, 3, 4, 5, 4, 5, 6, 7, 6, 7]);
    // 16 rows sampled at rows 0,2,4,...,14.
    expect([...(b?.audio ?? [])].filter((_, index) => index % 2 === 0)).toEqual([
      100, 104, 108, 112, 116, 120, 124, 128,
    ]);
    expect(a?.videoShape).toEqual([8, 3]);
    expect([...(a?.video ?? [])].slice(0, 6)).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('reads real .npy files (float16 and float64) through @r1kit/core', async () => {
    const directory = await fixture({ 'label.csv': 'name,openset\nclip_a,happy\n' });
    const audio = serializeNpy({
      dtype: 'float64',
      shape: [2, 3],
      data: new Float64Array([1, 2, 3, 4, 5, 6]),
    });
    const face = serializeNpy(
      { dtype: 'float32', shape: [1, 2], data: new Float32Array([0.5, -2]) },
      { dtype: 'float16' },
    );
    await mkdir(path.join(directory, 'audio'));
    await mkdir(path.join(directory, 'face'));
    await writeFile(path.join(directory, 'audio', 'clip_a.npy'), audio);
    await writeFile(path.join(directory, 'face', 'clip_a.npy'), face);
    const [sample] = await loadOvMer(directory, { steps: 4 });
    expect([...(sample?.audio ?? [])]).toEqual([1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6]);
    expect([...(sample?.video ?? [])]).toEqual([0.5, -2, 0.5, -2, 0.5, -2, 0.5, -2]);
  });

  it('lists missing feature files and says what to do', async () => {
    const directory = await fixture({
      'label.csv': 'name,openset\nclip_a,happy\n',
      'audio/clip_a.npy': features(2, 2),
    });
    const [code, message] = codeAndMessage(
      await loadOvMer(directory, { readNpy: readJson }).catch((error) => error),
    );
    expect(code).toBe('NOT_FOUND');
    expect(message).toContain(path.join(directory, 'face', 'clip_a.npy'));
    expect(message).toContain('1 feature file(s) are missing');
  });

  it('reports bad label rows by file and line', async () => {
    for (const [csv, line, problem] of [
      ['name,openset\na,happy\n,sad\n', 3, 'empty name'],
      ['name,openset\na,happy\na,sad\n', 3, 'duplicate name "a"'],
      ['name,openset\na,happy\n\nb,[]\n', 4, 'empty openset'],
      ['name,openset\na,happy,sad\n', 2, 'expected 2 columns'],
      ['name,openset\na,[\n', 2, 'empty openset'],
      ['name,openset\na,[[[\n', 2, 'malformed openset label list "[[["'],
      ['name,openset\n', 1, 'no sample rows'],
      ['name,openset\na,"[happy, sad]\nb,"[angry]"\n', 2, 'unbalanced'],
      ['name,openset\na,[hap"py]\n', 2, 'a quote inside'],
    ] as const) {
      const directory = await fixture({ 'label.csv': csv });
      const [code, message] = codeAndMessage(
        await loadOvMer(directory, { readNpy: readJson }).catch((error) => error),
      );
      expect(code).toBe('PARSE_ERROR');
      expect(message).toMatch(new RegExp(`label\\.csv(:| line )${line}`));
      expect(message).toContain(problem);
    }
  });

  it('rejects a missing label CSV, a missing column, and features of differing width', async () => {
    const empty = await fixture({});
    expect(codeAndMessage(await loadOvMer(empty, { readNpy: readJson }).catch((e) => e))[0]).toBe(
      'NOT_FOUND',
    );
    const noColumn = await fixture({ 'label.csv': 'name,labels\na,happy\n' });
    expect(
      codeAndMessage(await loadOvMer(noColumn, { readNpy: readJson }).catch((e) => e))[1],
    ).toContain('openset');
    const widths = await fixture({
      'label.csv': 'name,openset\na,happy\nb,sad\n',
      'audio/a.npy': features(2, 2),
      'audio/b.npy': features(2, 3),
      'face/a.npy': features(2, 2),
      'face/b.npy': features(2, 2),
    });
    const [code, message] = codeAndMessage(
      await loadOvMer(widths, { readNpy: readJson }).catch((e) => e),
    );
    expect(code).toBe('SHAPE_MISMATCH');
    expect(message).toContain('b.npy has 3 features');
  });
});
