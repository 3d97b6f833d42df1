import { nodeBuiltin, R1kitError } from '@r1kit/core';

const nodePath = () => nodeBuiltin({ module: 'path', functionName: 'loadTrainingCheckpoint' });

/**
 * Checks a checkpoint's `trainer_state.json` before anything is restored from it: an object whose
 * `step` is a non-negative integer equal to the `<step>` of a `checkpoint-<step>` folder name, an
 * optimiser step between 0 and `step`, a string `trainer` when present, and a `dataOrder` of
 * non-negative integers when present. Internal to the package.
 *
 * @param directory - The checkpoint directory (its name is compared with the step).
 * @param state - The parsed `trainer_state.json`.
 * @param optimizerStep - The `step` metadata of `optimizer.safetensors`, as stored.
 * @returns The state, typed.
 */
export function validateTrainerState(
  directory: string,
  state: unknown,
  optimizerStep: string | undefined,
): Record<string, unknown> & { step: number } {
  const file = nodePath().join(directory, 'trainer_state.json');
  const fail = (what: string, received: unknown, expected: string) =>
    new R1kitError({
      code: 'INVALID_STATE',
      message: `loadTrainingCheckpoint: ${file} has ${what} ${JSON.stringify(received)}; expected ${expected}. The checkpoint was edited or damaged: restore it, or resume from an earlier checkpoint-<step> folder`,
    });
  if (typeof state !== 'object' || state === null || Array.isArray(state)) {
    throw fail('the content', state, 'a JSON object');
  }
  const record = state as Record<string, unknown>;
  const step = record.step;
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) {
    throw fail('"step"', step, 'an integer >= 0');
  }
  const folderStep = /^checkpoint-(\d+)$/.exec(nodePath().basename(directory))?.[1];
  if (folderStep !== undefined && Number(folderStep) !== step) {
    throw fail('"step"', step, `${folderStep}, the step in the folder name`);
  }
  if (record.trainer !== undefined && typeof record.trainer !== 'string') {
    throw fail('"trainer"', record.trainer, 'a trainer name such as "GrpoTrainer"');
  }
  const optimizer = Number(optimizerStep ?? 0);
  if (!Number.isSafeInteger(optimizer) || optimizer < 0 || optimizer > step) {
    throw new R1kitError({
      code: 'INVALID_STATE',
      message: `loadTrainingCheckpoint: ${nodePath().join(directory, 'optimizer.safetensors')} has optimiser step ${JSON.stringify(optimizerStep)}; expected an integer between 0 and the trainer step ${step}. Restore the checkpoint, or resume from an earlier one`,
    });
  }
  const order = record.dataOrder;
  if (order !== undefined && order !== null) {
    const fields = order as Record<string, unknown>;
    for (const key of ['epoch', 'position', 'size'] as const) {
      const value = fields[key];
      if (
        value !== undefined &&
        (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
      ) {
        throw fail(`"dataOrder.${key}"`, value, 'an integer >= 0');
      }
    }
  }
  return record as Record<string, unknown> & { step: number };
}
