import { invalidArgument } from '@r1kit/core';
import type { LabelField } from './parse-label-list.js';
import { checkCompletions } from './reward-options.js';

/**
 * What the functions of {@link emotionWheelRewardFunction} and its siblings read: the
 * completion texts and, for each completion, the payload (per-sample data) of its prompt, in
 * rollout order. It is the part of `@r1kit/trainer`'s `RewardFunctionInputs` that these
 * rewards need, written structurally so that this package does not depend on the trainer: the
 * returned functions are trainer `RewardFunction`s as they are. The payloads play the role of
 * TRL's dataset columns (`reward_func(completions, ground_truth, **kwargs)`), one row per
 * completion.
 *
 * @typeParam Payload - Per-sample data of a prompt.
 * @category Rewards
 */
export interface RewardInputs<Payload = GroundTruthPayload> {
  /** Completion texts. */
  readonly completions: readonly string[];
  /** The payload of each completion's prompt (`undefined` where the prompt has none). */
  readonly payloads: ReadonlyArray<Payload | undefined>;
}

/**
 * The payload that the reward functions read by default: TRL's `ground_truth` column in
 * camelCase.
 *
 * @category Rewards
 */
export interface GroundTruthPayload {
  /** The sample's ground truth: a list string (`"[happy, sad]"`) or a list of labels. */
  readonly groundTruth?: LabelField;
}

/**
 * Reads one ground truth per completion from the payloads, with `accessor` or, without one,
 * the payload's `groundTruth` field; throws naming the completion whose ground truth is missing.
 */
export function groundTruthColumn<Payload>(
  functionName: string,
  inputs: RewardInputs<Payload>,
  accessor: ((payload: Payload) => LabelField) | undefined,
): LabelField[] {
  if (accessor !== undefined && typeof accessor !== 'function') {
    throw invalidArgument({
      functionName,
      argument: 'options.groundTruth',
      received: accessor,
      expected:
        'a function (payload) => labels that reads the ground truth from a payload (to score fixed labels, call the reward with { groundTruth: [...] } directly)',
    });
  }
  checkCompletions(functionName, inputs?.completions);
  const payloads = inputs.payloads;
  const count = inputs.completions.length;
  if (!Array.isArray(payloads) || payloads.length !== count) {
    throw invalidArgument({
      functionName,
      argument: 'inputs.payloads',
      received: payloads,
      expected: `an array with one payload per completion (${count})`,
      code: Array.isArray(payloads) ? 'SHAPE_MISMATCH' : 'INVALID_ARGUMENT',
    });
  }
  return payloads.map((payload, index) => {
    if (payload === undefined || payload === null) {
      throw invalidArgument({
        functionName,
        argument: `payloads[${index}]`,
        received: payload,
        expected: `the payload of the prompt of completion ${index}, carrying its ground truth (give every prompt a payload)`,
      });
    }
    const truth = accessor ? accessor(payload) : (payload as GroundTruthPayload).groundTruth;
    if (typeof truth === 'string' || Array.isArray(truth)) return truth;
    throw invalidArgument({
      functionName,
      argument: accessor
        ? `options.groundTruth(payloads[${index}])`
        : `payloads[${index}].groundTruth`,
      received: truth,
      expected: `the ground truth of completion ${index}, a label list string or an array of labels (${
        accessor
          ? 'check what the groundTruth accessor reads'
          : 'give the payload a groundTruth field, or pass a groundTruth accessor that reads another field'
      })`,
    });
  });
}
