import { invalidArgument } from '@r1kit/core';

/**
 * Mixes channels down to mono by averaging them sample by sample.
 *
 * @param channels - One array per channel, all the same length.
 * @returns The mono signal (the input itself is not modified).
 *
 * @example
 * ```ts
 * import { toMono } from '@r1kit/encoders';
 * toMono([new Float32Array([1, 0]), new Float32Array([0, 0])]); // Float32Array [0.5, 0]
 * ```
 *
 * @category Audio
 */
export function toMono(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 0 || channels.some((channel) => channel.length !== channels[0]!.length)) {
    throw invalidArgument({
      functionName: 'toMono',
      argument: 'channels',
      received: channels,
      expected: 'at least one channel, all of the same length',
      code: 'SHAPE_MISMATCH',
    });
  }
  const out = new Float32Array(channels[0]!.length);
  for (const channel of channels)
    for (let index = 0; index < out.length; index++) out[index]! += channel[index]!;
  for (let index = 0; index < out.length; index++) out[index]! /= channels.length;
  return out;
}
