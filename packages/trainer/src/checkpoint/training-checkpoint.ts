import {
  invalidArgument,
  nodeBuiltin,
  parseSafetensors,
  R1kitError,
  type SafetensorsTensor,
  type SafetensorsTensorInput,
  serializeSafetensors,
} from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { writeDirectoryAtomically } from '../io/write-directory-atomically.js';
import type { AdamWState } from '../optim/adamw.js';
import { validateTrainerState } from './validate-trainer-state.js';

const nodeFsPromises = () =>
  nodeBuiltin({ module: 'fs/promises', functionName: 'saveTrainingCheckpoint' });
const nodePath = () => nodeBuiltin({ module: 'path', functionName: 'saveTrainingCheckpoint' });

/** File names inside a checkpoint directory. */
const files = {
  trainable: 'trainable.safetensors',
  optimizer: 'optimizer.safetensors',
  state: 'trainer_state.json',
} as const;

/**
 * What {@link saveTrainingCheckpoint} writes.
 *
 * @category Checkpoints
 */
export interface TrainingCheckpointContent {
  /** Every trained variable (model LoRA/full weights and extra variables), in a fixed order. */
  variables: readonly tf.Variable[];
  /** The optimiser's moments and step. */
  optimizerState: AdamWState;
  /** JSON-serialisable trainer state: step, data order, RNG states, config. */
  trainerState: Record<string, unknown>;
  /**
   * Writes the model in its interchange format (Hugging Face safetensors + `config.json`, PEFT
   * adapters) into the directory it is given, e.g. with `@r1kit/lm`'s savers.
   *
   * @defaultValue no model export (the trained variables are still saved for resuming)
   */
  exportModel?: (directory: string) => Promise<void>;
}

/**
 * One saved variable of a checkpoint.
 *
 * @category Checkpoints
 */
export interface SavedVariable extends SafetensorsTensor<Float32Array> {
  /** The variable's name when it was saved (informative; restoring matches by position). */
  name: string;
}

/**
 * A checkpoint read by {@link loadTrainingCheckpoint}.
 *
 * @category Checkpoints
 */
export interface LoadedTrainingCheckpoint {
  /** Trained variable values in saved order. */
  variables: SavedVariable[];
  /** The optimiser state. */
  optimizerState: AdamWState;
  /** The trainer state JSON. */
  trainerState: Record<string, unknown>;
}

/**
 * Writes a resumable checkpoint atomically (temporary directory + rename): `trainable.safetensors`
 * (trained variables), `optimizer.safetensors` (AdamW moments, PyTorch's `exp_avg` /
 * `exp_avg_sq` names), `trainer_state.json`, and `model/` when `exportModel` is given.
 *
 * @param directory - Checkpoint directory (replaced if it exists).
 * @param content - What to save.
 *
 * @example
 * ```ts
 * import { mkdtempSync, readdirSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { AdamW, saveTrainingCheckpoint } from '@r1kit/trainer';
 * const variables = [tf.variable(tf.tensor1d([1, -2]))];
 * const optimizer = new AdamW(variables, { learningRate: 0.1 });
 * const directory = join(mkdtempSync(join(tmpdir(), 'r1kit-')), 'checkpoint-10');
 * await saveTrainingCheckpoint(directory, {
 *   variables, optimizerState: optimizer.getState(), trainerState: { step: 10 },
 * });
 * console.log(readdirSync(directory).sort());
 * // ['optimizer.safetensors', 'trainable.safetensors', 'trainer_state.json']
 * ```
 *
 * @category Checkpoints
 */
export async function saveTrainingCheckpoint(
  directory: string,
  content: TrainingCheckpointContent,
): Promise<void> {
  const trainable: Record<string, SafetensorsTensorInput> = {};
  content.variables.forEach((variable, index) => {
    trainable[slotKey(index)] = {
      shape: [...variable.shape],
      data: Float32Array.from(variable.dataSync() as Float32Array),
    };
  });
  const moments: Record<string, SafetensorsTensorInput> = {};
  content.optimizerState.slots.forEach((slot, index) => {
    moments[`${slotKey(index)}.exp_avg`] = { shape: slot.shape, data: slot.firstMoment };
    moments[`${slotKey(index)}.exp_avg_sq`] = { shape: slot.shape, data: slot.secondMoment };
  });
  const names = JSON.stringify(content.variables.map((variable) => variable.name));
  await writeDirectoryAtomically(directory, async (temporary) => {
    await nodeFsPromises().writeFile(
      nodePath().join(temporary, files.trainable),
      serializeSafetensors(trainable, { metadata: { names } }),
    );
    await nodeFsPromises().writeFile(
      nodePath().join(temporary, files.optimizer),
      serializeSafetensors(moments, {
        metadata: { names, step: String(content.optimizerState.step), optimizer: 'adamw' },
      }),
    );
    await nodeFsPromises().writeFile(
      nodePath().join(temporary, files.state),
      `${JSON.stringify(content.trainerState, null, 2)}\n`,
    );
    if (content.exportModel) await content.exportModel(nodePath().join(temporary, 'model'));
  });
}

/**
 * Reads a checkpoint written by {@link saveTrainingCheckpoint}, after checking
 * `trainer_state.json` (an integer `step` >= 0 equal to the `<step>` of a `checkpoint-<step>`
 * folder, an optimiser step between 0 and `step`), so that an edited or damaged checkpoint is
 * refused before anything is restored or any metrics are dropped.
 *
 * @param directory - Checkpoint directory.
 * @returns Variable values, optimiser state and trainer state.
 * @throws R1kitError `NOT_FOUND` for a missing file, `PARSE_ERROR` for unreadable JSON,
 * `INVALID_STATE` for a trainer state that fails the checks above.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { AdamW, loadTrainingCheckpoint, saveTrainingCheckpoint } from '@r1kit/trainer';
 * const variables = [tf.variable(tf.tensor1d([1, -2]))];
 * const optimizerState = new AdamW(variables).getState();
 * const directory = join(mkdtempSync(join(tmpdir(), 'r1kit-')), 'checkpoint-10');
 * const trainerState = { step: 10 };
 * await saveTrainingCheckpoint(directory, { variables, optimizerState, trainerState });
 * const loaded = await loadTrainingCheckpoint(directory);
 * console.log(loaded.trainerState); // { step: 10 }
 * ```
 *
 * @category Checkpoints
 */
export async function loadTrainingCheckpoint(directory: string): Promise<LoadedTrainingCheckpoint> {
  const read = async (file: string): Promise<Buffer> => {
    try {
      return await nodeFsPromises().readFile(nodePath().join(directory, file));
    } catch (cause) {
      throw new R1kitError({
        code: 'NOT_FOUND',
        message: `loadTrainingCheckpoint: ${nodePath().join(directory, file)} is missing; pass a directory written by saveTrainingCheckpoint (checkpoint-<step>)`,
        cause,
      });
    }
  };
  const trainable = parseSafetensors(await read(files.trainable), { float32: true });
  const moments = parseSafetensors(await read(files.optimizer), { float32: true });
  let trainerState: Record<string, unknown>;
  try {
    trainerState = JSON.parse((await read(files.state)).toString('utf8'));
  } catch (cause) {
    if (R1kitError.isInstance(cause)) throw cause;
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `loadTrainingCheckpoint: bad ${files.state}`,
      cause,
    });
  }
  validateTrainerState(directory, trainerState, moments.metadata.step);
  const names = JSON.parse(trainable.metadata.names ?? '[]') as string[];
  const variables = names.map((name, index) => {
    const entry = trainable.tensors[slotKey(index)];
    if (!entry) {
      throw new R1kitError({
        code: 'PARSE_ERROR',
        message: `loadTrainingCheckpoint: ${files.trainable} lacks ${slotKey(index)}`,
      });
    }
    return { name, ...entry };
  });
  const slots = variables.map((variable, index) => ({
    name: variable.name,
    shape: variable.shape,
    firstMoment: moments.tensors[`${slotKey(index)}.exp_avg`]?.data as Float32Array,
    secondMoment: moments.tensors[`${slotKey(index)}.exp_avg_sq`]?.data as Float32Array,
  }));
  if (slots.some((slot) => !slot.firstMoment || !slot.secondMoment)) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `loadTrainingCheckpoint: ${files.optimizer} lacks moments`,
    });
  }
  return {
    variables,
    optimizerState: { step: Number(moments.metadata.step ?? 0), slots },
    trainerState,
  };
}

/**
 * Copies saved values into variables, matched by position, after checking every shape.
 *
 * @param variables - Variables of the model being resumed, in the order used when saving.
 * @param saved - `variables` of a {@link LoadedTrainingCheckpoint}.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import * as tf from '@tensorflow/tfjs-core';
 * import {
 *   AdamW, loadTrainingCheckpoint, restoreVariables, saveTrainingCheckpoint,
 * } from '@r1kit/trainer';
 * const variables = [tf.variable(tf.tensor1d([1, -2]))];
 * const optimizerState = new AdamW(variables).getState();
 * const directory = join(mkdtempSync(join(tmpdir(), 'r1kit-')), 'checkpoint-10');
 * const trainerState = { step: 10 };
 * await saveTrainingCheckpoint(directory, { variables, optimizerState, trainerState });
 * variables[0]!.assign(tf.tensor1d([0, 0]));
 * const checkpoint = await loadTrainingCheckpoint(directory);
 * restoreVariables(variables, checkpoint.variables);
 * console.log(variables[0]!.arraySync()); // [1, -2]
 * ```
 *
 * @category Checkpoints
 */
export function restoreVariables(
  variables: readonly tf.Variable[],
  saved: LoadedTrainingCheckpoint['variables'],
): void {
  const mismatch = (argument: string, received: unknown, expected: string) =>
    invalidArgument({
      functionName: 'restoreVariables',
      argument,
      received,
      expected,
      code: 'SHAPE_MISMATCH',
    });
  if (saved.length !== variables.length) {
    throw mismatch(
      'saved',
      saved.length,
      `${variables.length} variables (the model or its adapters differ from the checkpoint's)`,
    );
  }
  variables.forEach((variable, index) => {
    const entry = saved[index]!;
    if (!tf.util.arraysEqual(entry.shape, variable.shape)) {
      throw mismatch(
        `saved[${index}] (${entry.name})`,
        entry.shape,
        `shape [${variable.shape.join(', ')}] of ${variable.name}`,
      );
    }
  });
  variables.forEach((variable, index) => {
    const entry = saved[index]!;
    tf.tidy(() => variable.assign(tf.tensor(entry.data, entry.shape, variable.dtype)));
  });
}

function slotKey(index: number): string {
  return `variable.${String(index).padStart(5, '0')}`;
}
