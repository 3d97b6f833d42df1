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
 * import * as tf from '@tensorflow/tfjs-core';
 * import { AdamW, adamWStateToJson } from '@r1kit/trainer';
 * const weight = tf.variable(tf.tensor1d([1, -2]));
 * const optimizer = new AdamW([weight], { learningRate: 0.1 });
 * optimizer.applyGradients([tf.tensor1d([2, -4])]);
 * const json = adamWStateToJson(optimizer.getState());
 * // { step: 1, slots: [{ name: weight.name, shape: [2], firstMoment: [0.2, -0.4],
 * //   secondMoment: [0.004, 0.016] }] } (float32 values)
 * const text = JSON.stringify(json);

 * ```
 *
 * @category Optimisation
 */
export function adamWStateToJson(state: AdamWState): AdamWStateJson {
  return mapMoments(state, (moment) => Array.from(moment));
}

/**
 * Reads an optimiser state written by {@link adamWStateToJson}.
 *
 * @param json - Parsed JSON.
 * @returns A state for `AdamW.setState`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { AdamW, adamWStateFromJson, adamWStateToJson } from '@r1kit/trainer';
 * const weight = tf.variable(tf.tensor1d([1, -2]));
 * const optimizer = new AdamW([weight], { learningRate: 0.1 });
 * optimizer.applyGradients([tf.tensor1d([2, -4])]);
 * const text = JSON.stringify(adamWStateToJson(optimizer.getState()));
 * // Later, e.g. when resuming: a fresh optimiser over the same variable.
 * const resumed = new AdamW([weight], { learningRate: 0.1 });
 * resumed.setState(adamWStateFromJson(JSON.parse(text)));
 * resumed.getState().step; // 1

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
  return mapMoments(json, (moment) => Float32Array.from(moment));
}

/** A state whose moments are stored as `Moment` (typed arrays in memory, number arrays in JSON). */
interface StateOf<Moment> {
  step: number;
  slots: Array<{ name: string; shape: number[]; firstMoment: Moment; secondMoment: Moment }>;
}

/** Copies a state, converting both moments of every slot. */
function mapMoments<From, To>(state: StateOf<From>, convert: (moment: From) => To): StateOf<To> {
  return {
    step: state.step,
    slots: state.slots.map((slot) => ({
      name: slot.name,
      shape: [...slot.shape],
      firstMoment: convert(slot.firstMoment),
      secondMoment: convert(slot.secondMoment),
    })),
  };
}
