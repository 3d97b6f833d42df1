import type { PolicyLossMetrics } from '@r1kit/grpo';
import * as tf from '@tensorflow/tfjs-core';
import type { StepMetrics } from '../metrics/metrics-log.js';
import { accumulateGradients, computeGradients } from '../train/compute-gradients.js';
import { grpoLoss } from './grpo-loss.js';
import type { MicroBatch, UpdateContext } from './micro-batches.js';
import { combineSamplingMetrics } from './sampling-correction.js';

/**
 * The update stage of one optimiser step: gradients of the clipped loss summed over the step's
 * micro-batches, scaled so that `'dapo'` is one token mean over the whole step and the other loss
 * types are averaged over `gradientAccumulationSteps` (as TRL does). Soft tokens are rebuilt
 * inside the tape when their builder trains (extra variables), so encoder variables get
 * gradients; otherwise the rollout's frozen ones are reused. Returns `undefined` when no micro-batch
 * has a trainable token.
 * @internal
 */
export function accumulatePolicyGradients<Payload>(
  group: readonly MicroBatch<Payload>[],
  variables: readonly tf.Variable[],
  context: UpdateContext<Payload>,
): { gradients: tf.Tensor[]; metrics: StepMetrics } | undefined {
  const { config } = context;
  const live = group.filter((micro) => micro.tokens > 0);
  const stepTokens = live.reduce((sum, micro) => sum + micro.tokens, 0);
  if (live.length === 0) return undefined;
  let sum: tf.Tensor[] | undefined;
  let loss = 0;
  const collected: Array<{ weight: number; metrics: PolicyLossMetrics }> = [];
  try {
    for (const micro of live) {
      const scale =
        config.loss.lossType === 'dapo'
          ? micro.tokens / stepTokens
          : 1 / config.gradientAccumulationSteps;
      const { value, gradients } = computeGradients(variables, () => {
        const result = grpoLoss(
          {
            model: context.model,
            batch: micro.batch,
            advantages: micro.rows.map((row) => row.advantage),
            oldLogp: micro.oldLogp,
            refLogp: micro.refLogp,
            importanceSamplingWeights: micro.correction?.weights,
            softTokens: context.rebuildSoftTokens
              ? context.softTokens?.(micro.rows.map((row) => row.prompt.payload))
              : micro.softTokens,
          },
          {
            ...config.loss,
            temperature: config.temperature,
            maxCompletionLength: config.maxCompletionLength,
            chunkSize: config.chunkSize,
            gradientCheckpointing: config.gradientCheckpointing,
            scale,
          },
        );
        collected.push({ weight: micro.tokens, metrics: result.metrics });
        return result.loss;
      });
      loss += value;
      sum = accumulateGradients(sum, gradients);
    }
  } catch (error) {
    if (sum) tf.dispose(sum);
    throw error;
  }
  const weighted = (pick: (metrics: PolicyLossMetrics) => number | undefined): number | null => {
    if (collected.some((item) => pick(item.metrics) === undefined)) return null;
    return (
      collected.reduce((total, item) => total + pick(item.metrics)! * item.weight, 0) / stepTokens
    );
  };
  const metrics: StepMetrics = {
    loss,
    num_tokens: stepTokens,
    entropy: weighted((m) => m.entropy),
    'clip_ratio/low_mean': weighted((m) => m.clipFractionLow),
    'clip_ratio/high_mean': weighted((m) => m.clipFractionHigh),
    'clip_ratio/region_mean': weighted((m) => m.clipFractionRegion),
  };
  if (config.loss.beta > 0 || config.loss.logKl) metrics.kl = weighted((m) => m.klMean);
  const corrections = live.flatMap((micro) => (micro.correction ? [micro.correction] : []));
  Object.assign(
    metrics,
    combineSamplingMetrics(
      corrections,
      config.loss.vllmImportanceSamplingMode.startsWith('sequence'),
    ),
  );
  return { gradients: sum!, metrics };
}
