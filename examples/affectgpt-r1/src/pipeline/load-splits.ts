import { generateSyntheticDataset, loadOvMer, type MerSplits, splitSamples } from '@r1kit/datasets';
import type { RunConfig } from '../cli/run-config.js';

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
  const samples = await loadOvMer(config.data);
  return splitSamples(samples, { seed: config.seed });
}
