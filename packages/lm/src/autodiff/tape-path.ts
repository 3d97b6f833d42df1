import type * as tf from '@tensorflow/tfjs-core';
import type { TapeNode } from './tape-engine.js';

/**
 * The nodes of `tape` that both depend on one of `xs` and lead to `y`, in tape order, each with
 * its inputs narrowed to those that depend on `xs` (the others need no gradient).
 * @internal
 */
export function tapePath(
  tape: readonly TapeNode[],
  xs: readonly tf.Tensor[],
  y: tf.Tensor,
): TapeNode[] {
  const fromX = new Set(xs.map((x) => x.id));
  const dependsOnX = new Set<number>();
  for (const node of tape) {
    if (Object.values(node.inputs).some((input) => input != null && fromX.has(input.id))) {
      dependsOnX.add(node.id);
      for (const output of node.outputs) fromX.add(output.id);
    }
  }
  const toY = new Set([y.id]);
  const leadsToY = new Set<number>();
  for (let index = tape.length - 1; index >= 0; index--) {
    const node = tape[index]!;
    if (node.outputs.some((output) => toY.has(output.id))) {
      leadsToY.add(node.id);
      for (const input of Object.values(node.inputs)) if (input != null) toY.add(input.id);
    }
  }
  const path: TapeNode[] = [];
  for (const node of tape) {
    if (!dependsOnX.has(node.id) || !leadsToY.has(node.id)) continue;
    const inputs: Record<string, tf.Tensor> = {};
    for (const [name, input] of Object.entries(node.inputs)) {
      if (input != null && fromX.has(input.id)) inputs[name] = input;
    }
    path.push({ ...node, inputs });
  }
  return path;
}
