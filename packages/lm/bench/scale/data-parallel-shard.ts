// Data-parallel training for bench/scale, the part without threads: a batch is cut into row
// shards, one per worker; each worker returns the gradients of its share of the loss
// (rows / batch times the mean completion log-probability of its rows, negated), so the sum over
// the workers is the gradient of the whole batch's loss, -mean(sequenceLogProbs).
import * as tf from '@tensorflow/tfjs';
import {
  type SequenceLogProbsOptions,
  sequenceLogProbs,
  type TransformerCausalLM,
} from '../../src/index.js';
import { modelGradients } from '../gradient-step.js';

/** Rows `[start, start + rows)` of the batch. */
export interface RowShard {
  start: number;
  rows: number;
}

/** Contiguous shards whose sizes differ by at most one row; no empty shard. */
export function shardRows(batch: number, workers: number): RowShard[] {
  const shards: RowShard[] = [];
  let start = 0;
  for (let worker = 0; worker < Math.min(workers, batch); worker++) {
    const rows = Math.floor(batch / workers) + (worker < batch % workers ? 1 : 0);
    shards.push({ start, rows });
    start += rows;
  }
  return shards;
}

/** Gradients by Hugging Face weight name (`...q_proj.lora_A.weight` for LoRA). */
export type NamedGradients = Record<string, Float32Array>;

/** One worker's work: its rows of the batch and the size of the whole batch. */
export interface ShardTask {
  /** This shard's ids, `[rows][time]`. */
  inputIds: number[][];
  completionLength: number;
  /** Rows of the whole batch: the shard's loss is weighted by rows / totalRows. */
  totalRows: number;
  options: Pick<SequenceLogProbsOptions, 'chunkSize' | 'gradientCheckpointing' | 'training'>;
}

/** The gradients of a shard's share of the loss, and that share (a number). */
export interface ShardResult {
  loss: number;
  grads: NamedGradients;
}

/** The model's trainable variables by Hugging Face name (LoRA weights when an adapter is on). */
function trainableNames(model: TransformerCausalLM): Map<string, string> {
  const names = new Map<string, string>();
  for (const [name, variable] of [...model.namedWeights(), ...(model.loraAdapter?.weights ?? [])]) {
    if (variable.trainable) names.set(variable.name, name);
  }
  return names;
}

/** Forward + backward of one shard's share of the loss; every gradient is read back. */
export function shardGradients(model: TransformerCausalLM, task: ShardTask): ShardResult {
  const names = trainableNames(model);
  const inputIds = tf.tensor2d(task.inputIds, undefined, 'int32');
  const weight = task.inputIds.length / task.totalRows;
  const variables = model.trainableVariables();
  const { value, grads } = modelGradients(model, () =>
    tf.mul(
      tf.neg(
        tf.mean(
          sequenceLogProbs(
            model,
            { inputIds, completionLength: task.completionLength },
            task.options,
          ),
        ),
      ),
      weight,
    ),
  );
  const named: NamedGradients = {};
  grads.forEach((grad, index) => {
    const id = variables[index]!.name;
    named[names.get(id) ?? id] = grad.dataSync() as Float32Array;
  });
  const loss = value.dataSync()[0]!;
  tf.dispose([value, inputIds, ...grads]);
  return { loss, grads: named };
}

/** Adds `from` into `into`, name by name (the all-reduce of two or more workers). */
export function addGradients(into: NamedGradients, from: NamedGradients): void {
  for (const [name, values] of Object.entries(from)) {
    const target = into[name];
    if (target === undefined) into[name] = values;
    else for (let i = 0; i < values.length; i++) target[i]! += values[i]!;
  }
}
