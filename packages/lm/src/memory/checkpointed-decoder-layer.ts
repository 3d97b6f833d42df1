import * as tf from '@tensorflow/tfjs-core';
import { leanGradients } from '../autodiff/lean-gradients.js';
import { type DecoderLayerWeights, decoderLayer, type LayerStep } from '../layers/decoder-layer.js';
import type { FrozenProducts } from '../layers/linear.js';
import { projectionNames } from '../model/parameter-shapes.js';

/** The layer's variables that receive gradients: trainable ones, adapters only when enabled. */
function watchedVariables(weights: DecoderLayerWeights, step: LayerStep): tf.Variable[] {
  const variables: tf.Variable[] = [weights.inputNorm, weights.postNorm];
  for (const name of projectionNames) {
    const projection = weights.projections[name];
    variables.push(projection.weight);
    if (projection.bias !== undefined) variables.push(projection.bias);
    if (projection.lora !== undefined && step.context.adaptersEnabled) {
      variables.push(projection.lora.a, projection.lora.b);
    }
  }
  return variables.filter((variable) => variable.trainable);
}

/**
 * Gradients of `f()` (weighted by `dy`) with respect to `xs` under a fresh tape, inside a custom
 * gradient's backward pass; {@link leanGradients} frees the recomputed layer's saved tensors and
 * intermediate gradients as its walk passes them, and restores the outer pass's tape.
 */
function nestedGradients(f: () => tf.Tensor, xs: tf.Tensor[], dy: tf.Tensor): tf.Tensor[] {
  return tf.tidy(() => {
    const { value, grads } = leanGradients({ f, xs, dy });
    value.dispose();
    return grads.map((grad, index) => grad ?? tf.zerosLike(xs[index]!));
  });
}

/**
 * A decoder layer with activation recomputation (gradient checkpointing): the forward pass keeps
 * only the layer's input, and the backward pass reruns the layer under a fresh tape to get the
 * gradients of the input and of the layer's trainable variables. LoRA dropout masks are replayed
 * from the seeds the forward pass drew, so the recomputation is exact. With `keepFrozenProducts`
 * the forward pass also keeps the layer's products of frozen weights, and the recomputation reuses
 * them (same values, so the gradients are the same). Without a gradient tape this is the plain
 * layer.
 *
 * @param hidden - `[batch, time, hidden]` residual stream.
 * @param weights - The layer's weights.
 * @param step - Shared tables and switches.
 * @param keepFrozenProducts - Also keep the products of frozen weights (LoRA's base weights) and
 *   hand them to the recomputation instead of recomputing them ({@link FrozenProducts}).
 * @returns The layer's output residual stream.
 */
export function checkpointedDecoderLayer(
  hidden: tf.Tensor3D,
  weights: DecoderLayerWeights,
  step: LayerStep,
  keepFrozenProducts = false,
): tf.Tensor3D {
  const watched = watchedVariables(weights, step);
  const seeds: number[] = [];
  const recording: LayerStep = {
    ...step,
    context: {
      ...step.context,
      nextSeed: () => {
        const seed = step.context.nextSeed();
        seeds.push(seed);
        return seed;
      },
    },
  };
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor3D;
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const frozen: FrozenProducts = { mode: 'record', products: [], next: 0 };
    let value: tf.Tensor3D;
    try {
      value = decoderLayer(
        input,
        weights,
        keepFrozenProducts
          ? { ...recording, context: { ...recording.context, frozenProducts: frozen } }
          : recording,
      ).hidden;
    } catch (error) {
      tf.dispose(frozen.products); // kept with tf.keep, so no tidy frees them
      throw error;
    }
    // The saved clones keep the products' buffers; the recorded handles go.
    save([input, step.cos, step.sin, step.bias, ...frozen.products]);
    tf.dispose(frozen.products);
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [savedInput, cos, sin, bias, ...products] = saved as [
          tf.Tensor3D,
          tf.Tensor4D,
          tf.Tensor4D,
          tf.Tensor4D,
          ...tf.Tensor2D[],
        ];
        let next = 0;
        const replayed: FrozenProducts = { mode: 'replay', products, next: 0 };
        const replay: LayerStep = {
          ...step,
          cos,
          sin,
          bias,
          context: {
            ...step.context,
            nextSeed: () => seeds[next++]!,
            ...(keepFrozenProducts ? { frozenProducts: replayed } : {}),
          },
        };
        return nestedGradients(
          () => decoderLayer(savedInput, weights, replay).hidden,
          [savedInput, ...watched],
          dy as tf.Tensor,
        );
      },
    };
  });
  return op(hidden, ...watched) as tf.Tensor3D;
}
