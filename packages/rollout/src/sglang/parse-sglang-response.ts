import { R1kitError } from '@r1kit/core';
import type { RolloutCompletion } from '@r1kit/trainer';
import type { SglangGenerateResponse } from './sglang-generate-types.js';

/**
 * Turns one SGLang `/generate` answer into a rollout completion: ids from `output_ids` (checked
 * against `meta_info.output_token_logprobs`), sampled log-probs from
 * `output_token_logprobs[i][0]`, and the finish reason (`'stop'` matching a token id is an
 * end-of-sequence token, matching a string a stop string).
 *
 * @param response - The answer.
 * @param promptIndex - Index of its prompt in the rollout request.
 * @returns The completion (without a policy version).
 * @throws R1kitError `UNSUPPORTED` without `output_token_logprobs` (set `return_logprob`),
 *   `NETWORK_ERROR` for an aborted request.
 *
 * @example
 * ```ts
 * import { parseSglangResponse } from '@r1kit/rollout';
 * const completion = parseSglangResponse(
 *   {
 *     text: ' happy',
 *     output_ids: [6380, 151645],
 *     meta_info: {
 *       id: 'a1',
 *       finish_reason: { type: 'stop', matched: 151645 },
 *       prompt_tokens: 12,
 *       completion_tokens: 2,
 *       output_token_logprobs: [[-0.31, 6380, null], [-0.02, 151645, null]],
 *     },
 *   },
 *   0,
 * );
 * console.log(completion.finishReason, completion.samplingLogProbs); // 'eos' [-0.31, -0.02]
 * ```
 *
 * @category SGLang
 */
export function parseSglangResponse(
  response: SglangGenerateResponse,
  promptIndex: number,
): RolloutCompletion {
  const name = 'SglangRolloutEngine';
  const meta = response?.meta_info;
  const entries = meta?.output_token_logprobs;
  if (!Array.isArray(entries)) {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `${name}: the /generate answer has no meta_info.output_token_logprobs; the request sets return_logprob, so the server is too old or not SGLang`,
    });
  }
  if (meta.finish_reason?.type === 'abort') {
    throw new R1kitError({
      code: 'NETWORK_ERROR',
      message: `${name}: the server aborted request ${meta.id}: ${meta.finish_reason.message ?? 'no reason given'}`,
    });
  }
  const fromLogprobs = entries.map((entry) => entry[1]);
  const ids = Array.isArray(response.output_ids)
    ? response.output_ids.slice(response.output_ids.length - entries.length)
    : fromLogprobs;
  if (ids.length !== entries.length || ids.some((id, i) => id !== fromLogprobs[i])) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `${name}: output_ids ${JSON.stringify(response.output_ids)} disagree with the ids of output_token_logprobs ${JSON.stringify(fromLogprobs)}`,
    });
  }
  const samplingLogProbs = entries.map((entry, position) => {
    if (typeof entry[0] !== 'number' || !Number.isFinite(entry[0])) {
      throw new R1kitError({
        code: 'NUMERIC_ERROR',
        message: `${name}: token ${position} of request ${meta.id} has log-prob ${entry[0]}; expected a finite number`,
      });
    }
    return entry[0];
  });
  const reason = meta.finish_reason;
  const finishReason =
    reason?.type === 'length' ? 'length' : typeof reason?.matched === 'string' ? 'stop' : 'eos';
  return {
    promptIndex,
    completionIds: [...ids],
    text: response.text ?? '',
    finishReason,
    samplingLogProbs,
  };
}
