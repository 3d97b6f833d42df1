import { invalidArgument } from '@r1kit/core';
import type { AdamWState } from './adamw.js';

/**
 * {@link AdamWState} as plain JSON (number arrays instead of typed arrays).
 *
 * @category Optimisation
 */
export interface AdamWStateJson {
  /** Number of updates applied. */
  step: number;
  /** One entry per variable. */
  slots: Array<{
    /** Variable name. */ name: string;
    /** Variable shape. */ shape: number[];
    /** First moment, flattened. */ firstMoment: number[];
    /** Second moment, flattened. */ secondMoment: number[];
  }>;
}

/**
 * Converts an optimiser state to plain JSON (float32 values survive `JSON.stringify` and
 * {@link adamWStateFromJson} exactly).
 *
 * @param state - From `AdamW.getState()`.
 * @returns A JSON-serialisable copy.
 *
 * @example
 * ```ts
 * import { adamWStateFromJson, adamWStateToJson } from '@r1kit/trainer';
 * const text = JSON.stringify(adamWStateToJson(optimizer.getState()));
 * optimizer.setState(adamWStateFromJson(JSON.parse(text)));
 * ```
 *
 * @category Optimisation
 */
export function adamWStateToJson(state: AdamWState): AdamWStateJson {
  return {
    step: state.step,
    slots: state.slots.map((slot) => ({
      name: slot.name,
      shape: [...slot.shape],
      firstMoment: Array.from(slot.firstMoment),
      secondMoment: Array.from(slot.secondMoment),
    })),
  };
}

/**
 * Reads an optimiser state written by {@link adamWStateToJson}.
 *
 * @param json - Parsed JSON.
 * @returns A state for `AdamW.setState`.
 *
 * @example
 * ```ts
 * import { adamWStateFromJson } from '@r1kit/trainer';
 * optimizer.setState(adamWStateFromJson(JSON.parse(text)));
 * ```
 *
 * @category Optimisation
 */
export function adamWStateFromJson(json: AdamWStateJson): AdamWState {
  if (!json || !Number.isInteger(json.step) || !Array.isArray(json.slots)) {
    throw invalidArgument({
      functionName: 'adamWStateFromJson',
      argument: 'json',
      received: json,
      expected: 'an object { step, slots } written by adamWStateToJson',
      code: 'PARSE_ERROR',
    });
  }
  return {
    step: json.step,
    slots: json.slots.map((slot) => ({
      name: slot.name,
      shape: [...slot.shape],
      firstMoment: Float32Array.from(slot.firstMoment),
      secondMoment: Float32Array.from(slot.secondMoment),
    })),
  };
}
