import { requireInteger } from '@r1kit/core';
import {
  type Tensor,
  type Tensor3D,
  variable as tfVariable,
  type Variable,
} from '@tensorflow/tfjs-core';

/**
 * A trainable piece of an adapter: it owns `tf.Variable`s, lists them by a stable name (used by
 * weight save/load) and frees them in `dispose()`.
 *
 * @category Adapters
 */
export interface AdapterModule {
  /** The module's variables keyed by a dotted path such as `audioPooling.score.weight`. */
  namedVariables(): Record<string, Variable>;
  /** Frees every variable. The module must not be used afterwards. */
  dispose(): void;
}

/**
 * A temporal pooling: `[batch, time, features]` in, `[batch, tokens, features]` out.
 *
 * @category Adapters
 */
export interface TemporalPooling extends AdapterModule {
  /** Number of output tokens per sample. */
  readonly outputTokens: number;
  /**
   * Pools a sequence.
   *
   * @param sequence - `[batch, time, features]`.
   * @returns `[batch, outputTokens, features]`.
   */
  apply(sequence: Tensor3D): Tensor3D;
}

/**
 * Collects the variables of child modules under dotted prefixes.
 *
 * @internal
 */
export function collectVariables(
  children: Record<string, AdapterModule | Variable | undefined>,
): Record<string, Variable> {
  const out: Record<string, Variable> = {};
  for (const [prefix, child] of Object.entries(children)) {
    if (child === undefined) continue;
    if ('namedVariables' in child) {
      for (const [name, variable] of Object.entries(child.namedVariables())) {
        out[`${prefix}.${name}`] = variable;
      }
    } else {
      out[prefix] = child;
    }
  }
  return out;
}

/**
 * Deterministic seeds for the variables of a module: `seed`, `seed + 2`, ... in creation order
 * (a {@link Linear} uses its seed and the next one).
 *
 * @internal
 */
export class SeedSequence {
  private next: number;
  /** Starts the sequence at `seed`. */
  constructor(seed: number) {
    this.next = seed;
  }
  /** The next seed. */
  take(): number {
    const seed = this.next;
    this.next += 2;
    return seed;
  }
}

/**
 * Creates a trainable variable from an initialiser and frees the initial tensor, so that only
 * the variable stays alive.
 *
 * @internal
 */
export function createVariable(initial: () => Tensor): Variable {
  const value = initial();
  const variable = tfVariable(value);
  value.dispose();
  return variable;
}

/**
 * Validates size options that must be positive integers, in the order given, with core's
 * `requireInteger` (each named `options.<key>` in the error), and returns them.
 *
 * @param functionName - The class or function that received the options.
 * @param values - Option name to value (defaults already applied).
 * @returns The same values, typed as numbers.
 * @internal
 */
export function requirePositiveIntegers<Key extends string>(
  functionName: string,
  values: Record<Key, unknown>,
): Record<Key, number> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      requireInteger({ functionName, argument: `options.${key}`, value, min: 1 }),
    ]),
  ) as Record<Key, number>;
}
