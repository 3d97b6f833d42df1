import path from 'node:path';
import { R1kitError } from '@r1kit/core';
import { readMetrics } from '@r1kit/trainer';
import type { RunConfig } from '../cli/run-config.js';
import { latestCheckpoint } from './latest-checkpoint.js';

/**
 * The checkpoints a `--resume` run continues from.
 *
 * @category Pipeline
 */
export interface ResumePlan {
  /** The SFT checkpoint to load (the final one when GRPO resumes). */
  readonly sft?: { readonly path: string; readonly step: number };
  /** The GRPO checkpoint to continue from. */
  readonly grpo?: { readonly path: string; readonly step: number };
}

/**
 * Checks a run directory before a `--resume` run touches it: both `metrics.jsonl` files parse,
 * the GRPO checkpoint is not past `--grpo-steps`, and a GRPO resume has the final SFT checkpoint
 * (it rebuilds the SFT model: the KL reference and the "after SFT" row).
 *
 * @param config - The run configuration (`out`, `sftSteps`, `grpoSteps`).
 * @returns The checkpoints to load; empty for a run directory without checkpoints.
 * @throws R1kitError `PARSE_ERROR` naming the file and line of a bad metrics record,
 * `INVALID_STATE` for checkpoints that do not fit the configuration, `NOT_FOUND` when a GRPO
 * checkpoint lacks its SFT checkpoint.
 * @example
 * ```ts
 * const plan = await planResume(config);
 * if (plan.grpo) console.log(`continuing GRPO at step ${plan.grpo.step}`);
 * ```
 * @category Pipeline
 */
export async function planResume(
  config: Pick<RunConfig, 'out' | 'sftSteps' | 'grpoSteps'>,
): Promise<ResumePlan> {
  const sftDir = path.join(config.out, 'sft');
  const grpoDir = path.join(config.out, 'grpo');
  await readMetrics(path.join(sftDir, 'metrics.jsonl'));
  await readMetrics(path.join(grpoDir, 'metrics.jsonl'));
  const sft = await latestCheckpoint(sftDir);
  const grpo = await latestCheckpoint(grpoDir);
  const refuse = (message: string, code: 'INVALID_STATE' | 'NOT_FOUND' = 'INVALID_STATE') =>
    new R1kitError({
      code,
      message: `--resume: ${message}; resume with the run's own settings, or start over with a new --out`,
    });
  if (sft && sft.step > config.sftSteps) {
    throw refuse(`${sft.path} is past --sft-steps ${config.sftSteps}`);
  }
  if (grpo && grpo.step > config.grpoSteps) {
    throw refuse(`${grpo.path} is past --grpo-steps ${config.grpoSteps}`);
  }
  if (grpo && sft?.step !== config.sftSteps) {
    throw refuse(
      `${grpo.path} needs the final SFT checkpoint ${path.join(sftDir, `checkpoint-${config.sftSteps}`)} to rebuild the SFT model (the KL reference and the "after SFT" row), and it is missing`,
      'NOT_FOUND',
    );
  }
  return { ...(sft && { sft }), ...(grpo && { grpo }) };
}
