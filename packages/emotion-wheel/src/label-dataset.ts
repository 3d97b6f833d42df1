import { invalidArgument, R1kitError } from '@r1kit/core';
import type { LabelField } from './parse-label-list.js';

/**
 * A dataset of label fields: an array aligned by position, or a record keyed by sample name
 * (the official `name2gt` / `name2pred`).
 *
 * @category Metrics
 */
export type LabelDataset = readonly LabelField[] | Readonly<Record<string, LabelField>>;

/**
 * Aligns ground truth and predictions the way the official code does: iterate the ground-truth
 * samples; a record prediction must exist for every ground-truth name (extra names are ignored).
 *
 * @param functionName - For error messages.
 * @param groundTruth - The ground-truth dataset.
 * @param predictions - The prediction dataset.
 * @returns The raw label fields, pairwise aligned, and the sample names.
 */
export function alignLabelDatasets(
  functionName: string,
  groundTruth: LabelDataset,
  predictions: LabelDataset,
): { names: string[]; truth: LabelField[]; predicted: LabelField[] } {
  const truthIsArray = Array.isArray(groundTruth);
  if (
    truthIsArray !== Array.isArray(predictions) ||
    typeof groundTruth !== 'object' ||
    groundTruth === null
  ) {
    throw invalidArgument({
      functionName,
      argument: 'predictions',
      received: predictions,
      expected: 'the same kind of dataset as groundTruth (both arrays or both records by name)',
    });
  }
  if (truthIsArray) {
    const truthList = groundTruth as readonly LabelField[];
    const predictedList = predictions as readonly LabelField[];
    if (truthList.length !== predictedList.length) {
      throw invalidArgument({
        functionName,
        argument: 'predictions',
        received: predictions,
        expected: `an array of the same length as groundTruth (${truthList.length})`,
        code: 'SHAPE_MISMATCH',
      });
    }
    return {
      names: truthList.map((_, index) => String(index)),
      truth: [...truthList],
      predicted: [...predictedList],
    };
  }
  const truthRecord = groundTruth as Readonly<Record<string, LabelField>>;
  const predictedRecord = predictions as Readonly<Record<string, LabelField>>;
  const names = Object.keys(truthRecord);
  const missing = names.filter((name) => !Object.hasOwn(predictedRecord, name));
  if (missing.length > 0) {
    throw new R1kitError({
      code: 'NOT_FOUND',
      message: `${functionName}: predictions has no entry for ${missing.length} ground-truth name(s), e.g. "${missing[0]}"; give a prediction (possibly "") for every ground-truth name`,
    });
  }
  return {
    names,
    truth: names.map((name) => truthRecord[name]),
    predicted: names.map((name) => predictedRecord[name]),
  };
}
