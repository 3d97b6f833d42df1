import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeNpy } from '@r1kit/core';
import { expectR1kitError } from '@r1kit/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { openFeatureDataset } from './feature-dataset.js';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(
  modality: string,
  name: string,
  shape: number[],
  fill: number,
  dtype: 'float32' | 'float16' = 'float32',
) {
  mkdirSync(join(root, modality), { recursive: true });
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(fill);
  writeFileSync(
    join(root, modality, `${name}.npy`),
    serializeNpy({ dtype: 'float32', shape, data }, { dtype }),
  );
}

describe('openFeatureDataset', () => {
  it('lists names, shapes and stacks a batch with presence flags', () => {
    root = mkdtempSync(join(tmpdir(), 'r1kit-features-'));
    write('audio', 'b', [2, 3], 2);
    write('audio', 'a', [2, 3], 1, 'float16');
    write('face', 'a', [4, 5], 7);
    writeFileSync(join(root, 'audio', 'notes.txt'), 'ignored');
    const dataset = openFeatureDataset(root, { modalities: ['audio', 'face'], optional: ['face'] });
    expect(dataset.names).toEqual(['a', 'b']);
    expect(dataset.shapes).toEqual({ audio: [2, 3], face: [4, 5] });
    const batch = dataset.loadBatch(['b', 'a']);
    expect(batch.features.audio!.shape).toEqual([2, 2, 3]);
    expect(Array.from(batch.features.audio!.data)).toEqual([2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1]);
    expect(batch.present).toEqual({ audio: [1, 1], face: [0, 1] });
    expect(Array.from(batch.features.face!.data.subarray(0, 20)).every((v) => v === 0)).toBe(true);
    expect(batch.features.face!.data[20]).toBe(7);
    expectR1kitError(() => dataset.loadBatch(['zzz']), 'NOT_FOUND', /"zzz"/);
  });

  it('reports missing required files and disagreeing shapes', () => {
    root = mkdtempSync(join(tmpdir(), 'r1kit-features-'));
    write('audio', 'a', [2, 3], 1);
    write('audio', 'b', [2, 3], 1);
    write('face', 'a', [4, 5], 1);
    expectR1kitError(
      () => openFeatureDataset(root, { modalities: ['audio', 'face'] }),
      'NOT_FOUND',
      /face\/b\.npy/,
    );
    write('face', 'b', [3, 5], 1);
    expectR1kitError(
      () => openFeatureDataset(root, { modalities: ['audio', 'face'] }),
      'SHAPE_MISMATCH',
      /\[3, 5\].*\[4, 5\]|\[4, 5\].*\[3, 5\]/,
    );
    expectR1kitError(
      () => openFeatureDataset(root, { modalities: ['video'] }),
      'NOT_FOUND',
      /does not exist/,
    );
    expectR1kitError(
      () => openFeatureDataset(root, { modalities: [] }),
      'INVALID_ARGUMENT',
      /non-empty/,
    );
  });

  it('refuses features holding NaN when a batch is loaded', () => {
    root = mkdtempSync(join(tmpdir(), 'r1kit-features-'));
    write('audio', 'a', [2, 3], 1);
    write('audio', 'b', [2, 3], Number.NaN);
    const dataset = openFeatureDataset(root, { modalities: ['audio'] });
    expect(dataset.loadBatch(['a']).present).toEqual({ audio: [1] });
    expectR1kitError(
      () => dataset.loadBatch(['a', 'b']),
      'NUMERIC_ERROR',
      /audio\/b\.npy holds NaN at element 0/,
    );
  });

  it('names the path of a feature that is a folder or that was replaced after opening', () => {
    root = mkdtempSync(join(tmpdir(), 'r1kit-features-'));
    write('audio', 'a', [2, 3], 1);
    mkdirSync(join(root, 'audio', 'b.npy'));
    expectR1kitError(
      () => openFeatureDataset(root, { modalities: ['audio'] }),
      'IO_ERROR',
      /audio\/b\.npy is a folder; expected a \.npy file/,
    );
    rmSync(join(root, 'audio', 'b.npy'), { recursive: true });
    write('audio', 'b', [2, 3], 2);
    const dataset = openFeatureDataset(root, { modalities: ['audio'] });
    write('audio', 'b', [3, 3], 2);
    expectR1kitError(
      () => dataset.loadBatch(['a', 'b']),
      'SHAPE_MISMATCH',
      /audio\/b\.npy now holds float32 \[3, 3\]; it held \[2, 3\]/,
    );
    rmSync(join(root, 'audio', 'b.npy'));
    mkdirSync(join(root, 'audio', 'b.npy'));
    expectR1kitError(() => dataset.loadBatch(['b']), 'IO_ERROR', /audio\/b\.npy is a folder/);
  });
});
