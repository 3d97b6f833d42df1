import {
  invalidArgument,
  isStringArray,
  nodeBuiltin,
  parseNpy,
  parseNpyHeader,
  R1kitError,
} from '@r1kit/core';
import { requireFinite } from '../require-finite.js';
import { readFileChecked } from './read-file-checked.js';

const nodeFs = () => nodeBuiltin({ module: 'fs', functionName: 'openFeatureDataset' });
const nodePath = () => nodeBuiltin({ module: 'path', functionName: 'openFeatureDataset' });

/**
 * Options for {@link openFeatureDataset}.
 *
 * @category Feature input
 */
export interface FeatureDatasetOptions {
  /** Sub-folder names, one per modality, e.g. `['audio', 'face']`. */
  modalities: readonly string[];
  /**
   * Modalities a sample may lack (it then gets zeros and a 0 presence flag).
   *
   * @defaultValue `[]`
   */
  optional?: readonly string[];
}

/**
 * A batch of features: per modality, `[batch, ...sampleShape]` float32 data and presence flags.
 *
 * @category Feature input
 */
export interface FeatureBatch {
  /** The sample names, in batch order. */
  names: string[];
  /** Per modality, the stacked features as float32 and their shape. */
  features: Record<string, { data: Float32Array; shape: number[] }>;
  /** Per modality, 1 where the sample has the file and 0 where it is missing. */
  present: Record<string, number[]>;
}

/**
 * A checked view over `root/<modality>/<name>.npy` feature files (the MER toolkits' layout).
 *
 * @category Feature input
 */
export interface FeatureDataset {
  /** Sample names that have every required modality, sorted. */
  readonly names: readonly string[];
  /** Per modality, the shape every sample shares (e.g. `[8, 1024]`). */
  readonly shapes: Readonly<Record<string, readonly number[]>>;
  /**
   * Loads and stacks samples.
   *
   * @param names - Sample names from {@link FeatureDataset.names}.
   * @returns Stacked float32 features and presence flags.
   */
  loadBatch(names: readonly string[]): FeatureBatch;
}

/**
 * Opens a folder with one sub-folder per modality of `<name>.npy` files and checks it: every
 * name must have every required modality (else `NOT_FOUND`, listing what is missing) and all
 * files of a modality must share one shape (else `SHAPE_MISMATCH`). Only headers are read here;
 * `loadBatch` refuses files holding NaN or infinities with `NUMERIC_ERROR`.
 *
 * @param root - The dataset folder.
 * @param options - The modalities and which of them are optional.
 * @returns The dataset view.
 *
 * @example
 * ```ts
 * import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { serializeNpy } from '@r1kit/core';
 * import { openFeatureDataset } from '@r1kit/encoders';
 * const root = mkdtempSync(join(tmpdir(), 'r1kit-'));
 * for (const modality of ['audio', 'face']) {
 *   mkdirSync(join(root, modality));
 *   for (const name of ['s1', 's2']) {
 *     const data = new Float32Array(6).fill(1);
 *     const bytes = serializeNpy({ dtype: 'float32', shape: [2, 3], data });
 *     writeFileSync(join(root, modality, `${name}.npy`), bytes);
 *   }
 * }
 * const dataset = openFeatureDataset(root, { modalities: ['audio', 'face'] });
 * const batch = dataset.loadBatch(dataset.names);
 * const audio = tf.tensor(batch.features.audio!.data, batch.features.audio!.shape);
 * console.log(dataset.names, audio.shape); // ['s1', 's2'] [2, 2, 3]
 * ```
 *
 * @category Feature input
 */
export function openFeatureDataset(root: string, options: FeatureDatasetOptions): FeatureDataset {
  const { modalities } = options;
  const optional = new Set(options.optional ?? []);
  if (!Array.isArray(modalities) || modalities.length === 0) {
    throw invalidArgument({
      functionName: 'openFeatureDataset',
      argument: 'options.modalities',
      received: modalities,
      expected: 'a non-empty array of sub-folder names',
    });
  }
  const files: Record<string, Set<string>> = {};
  for (const modality of modalities) {
    const folder = nodePath().join(root, modality);
    if (!nodeFs().existsSync(folder)) {
      throw new R1kitError({
        code: 'NOT_FOUND',
        message: `openFeatureDataset: the modality folder ${folder} does not exist`,
      });
    }
    files[modality] = new Set(
      nodeFs()
        .readdirSync(folder)
        .filter((file) => file.endsWith('.npy'))
        .map((file) => file.slice(0, -4)),
    );
  }
  const required = modalities.filter((modality) => !optional.has(modality));
  const all = new Set(modalities.flatMap((modality) => [...files[modality]!]));
  const missing: string[] = [];
  for (const name of all) {
    for (const modality of required)
      if (!files[modality]!.has(name)) missing.push(`${modality}/${name}.npy`);
  }
  if (missing.length > 0) {
    throw new R1kitError({
      code: 'NOT_FOUND',
      message: `openFeatureDataset: ${missing.length} required feature file(s) are missing under ${root}: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}. Mark the modality optional or remove the incomplete samples`,
    });
  }
  const names = [...all].sort();
  const shapes: Record<string, number[]> = {};
  for (const modality of modalities) {
    for (const name of files[modality]!) {
      const path = nodePath().join(root, modality, `${name}.npy`);
      const { shape } = parseNpyHeader(readFileChecked(path, 'openFeatureDataset', 4096), {
        source: path,
      });
      const expected = shapes[modality];
      if (expected === undefined) shapes[modality] = shape;
      else if (expected.join(',') !== shape.join(',')) {
        throw new R1kitError({
          code: 'SHAPE_MISMATCH',
          message: `openFeatureDataset: ${path} has shape [${shape.join(', ')}], other ${modality} files have [${expected.join(', ')}]`,
        });
      }
    }
    if (shapes[modality] === undefined)
      throw new R1kitError({
        code: 'NOT_FOUND',
        message: `openFeatureDataset: ${nodePath().join(root, modality)} holds no .npy file`,
      });
  }
  const known = new Set(names);
  return {
    names,
    shapes,
    loadBatch(batchNames) {
      const unknown = batchNames.find((name) => !known.has(name));
      if (unknown !== undefined) {
        throw invalidArgument({
          functionName: 'FeatureDataset.loadBatch',
          argument: 'names',
          received: unknown,
          expected: 'names from dataset.names',
          code: 'NOT_FOUND',
        });
      }
      const features: FeatureBatch['features'] = {};
      const present: FeatureBatch['present'] = {};
      for (const modality of modalities) {
        const shape = shapes[modality]!;
        const size = shape.reduce((product, dimension) => product * dimension, 1);
        const data = new Float32Array(batchNames.length * size);
        present[modality] = batchNames.map((name, index) => {
          if (!files[modality]!.has(name)) return 0;
          const path = nodePath().join(root, modality, `${name}.npy`);
          const array = parseNpy(readFileChecked(path, 'FeatureDataset.loadBatch'), {
            source: path,
          });
          if (isStringArray(array) || array.shape.join(',') !== shape.join(',')) {
            throw new R1kitError({
              code: 'SHAPE_MISMATCH',
              message: `FeatureDataset.loadBatch: ${path} now holds ${array.dtype} [${array.shape.join(', ')}]; it held [${shape.join(', ')}] when the dataset was opened (was it replaced?)`,
            });
          }
          requireFinite('FeatureDataset.loadBatch', path, array.data);
          data.set(array.data, index * size);
          return 1;
        });
        features[modality] = { data, shape: [batchNames.length, ...shape] };
      }
      return { names: [...batchNames], features, present };
    },
  };
}
