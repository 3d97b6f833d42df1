import { R1kitError } from '@r1kit/core';
import type { RolloutCompletion } from '@r1kit/trainer';
import type { VllmCompletionChoice } from './vllm-completion-types.js';

const tokenIdPattern = /^token_id:(\d+)$/;

/**
 * Turns one vLLM completions choice into a rollout completion: exact token ids from `token_ids`
 * (`return_token_ids`) or from `"token_id:<id>"` tokens (`return_tokens_as_token_ids`), the
 * sampled log-probs from `logprobs.token_logprobs`, and the finish reason (`'stop'` with no
 * `stop_reason` is an end-of-sequence token).
 *
 * @param choice - The choice.
 * @param promptIndex - Index of its prompt in the rollout request.
 * @returns The completion (without a policy version).
 * @throws R1kitError `UNSUPPORTED` when the server gave neither token ids nor log-probs for
 *   every token (how to start it is in the message).
 *
 * @example
 * ```ts
 * import { parseVllmChoice } from '@r1kit/rollout';
 * const completion = parseVllmChoice(
 *   {
 *     index: 0,
 *     text: ' happy',
 *     logprobs: {
 *       text_offset: [0, 6],
 *       token_logprobs: [-0.31, -0.02],
 *       tokens: ['token_id:6380', 'token_id:151645'],
 *       top_logprobs: null,
 *     },
 *     finish_reason: 'stop',
 *     stop_reason: null,
 *     token_ids: [6380, 151645],
 *   },
 *   0,
 * );
 * console.log(completion.completionIds, completion.finishReason); // [6380, 151645] 'eos'
 * ```
 *
 * @category vLLM
 */
export function parseVllmChoice(
  choice: VllmCompletionChoice,
  promptIndex: number,
): RolloutCompletion {
  const name = 'OpenAICompatibleRolloutEngine';
  const logprobs = choice.logprobs;
  if (!logprobs || !Array.isArray(logprobs.token_logprobs)) {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `${name}: choice ${choice.index} has no logprobs.token_logprobs; the server must return sampled log-probs (vLLM's OpenAI server does when the request sets logprobs; start it with --logprobs-mode processed_logprobs so they match the sampling distribution)`,
    });
  }
  let ids = choice.token_ids ?? undefined;
  if (!Array.isArray(ids)) {
    const parsed = logprobs.tokens.map((token) => tokenIdPattern.exec(token)?.[1]);
    if (parsed.length === 0 || parsed.some((id) => id === undefined)) {
      if (logprobs.token_logprobs.length > 0 || parsed.length > 0) {
        throw new R1kitError({
          code: 'UNSUPPORTED',
          message: `${name}: choice ${choice.index} carries no token ids (no token_ids and tokens like ${JSON.stringify(logprobs.tokens[0])} rather than "token_id:<id>"); use vLLM 0.10.2 or later (return_token_ids) or start it with --return-tokens-as-token-ids`,
        });
      }
    }
    ids = parsed.map(Number);
  }
  if (logprobs.token_logprobs.length !== ids.length) {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `${name}: choice ${choice.index} has ${ids.length} token ids but ${logprobs.token_logprobs.length} token_logprobs; expected one log-prob per completion token`,
    });
  }
  const samplingLogProbs = logprobs.token_logprobs.map((value, position) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new R1kitError({
        code: 'NUMERIC_ERROR',
        message: `${name}: choice ${choice.index} token ${position} has log-prob ${value}; expected a finite number`,
      });
    }
    return value;
  });
  const finishReason =
    choice.finish_reason === 'length'
      ? 'length'
      : choice.stop_reason === null || choice.stop_reason === undefined
        ? 'eos'
        : 'stop';
  return {
    promptIndex,
    completionIds: [...ids],
    text: choice.text ?? '',
    finishReason,
    samplingLogProbs,
  };
}
