import { parseNpy } from '@r1kit/core';
import type { RunConfig } from '../cli/run-config.js';
import { loadOvMer } from '../data/load-ov-mer.js';
import type { MerSplits } from '../data/mer-sample.js';
import { splitSamples } from '../data/split-samples.js';
import { generateSyntheticDataset } from '../data/synthetic-dataset.js';

/**
 * The run's data: the synthetic dataset, or an OV-MER-style directory (`--data`) split with
 * the run's seed.
 *
 * @param config - Seed, dataset size and data directory.
 * @returns Train, validation and test splits.
 * @example
 * ```ts
 * const splits = await loadSplits(config);
 * ```
 * @category Pipeline
 */
export async function loadSplits(
  config: Pick<RunConfig, 'seed' | 'datasetSize' | 'data'>,
): Promise<MerSplits> {
  if (config.data === undefined)
    return generateSyntheticDataset({ seed: config.seed, size: config.datasetSize });
  const samples = await loadOvMer(config.data, { readNpy: parseNpy });
  return splitSamples(samples, { seed: config.seed });
}
