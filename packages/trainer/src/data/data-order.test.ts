import { RandomGenerator } from '@r1kit/core';
import { describe, expect, it } from 'vitest';
import { DataOrder } from './data-order.js';

describe('DataOrder', () => {
  it('visits every index once per epoch, differently per epoch, same for the same seed', () => {
    const order = new DataOrder({ size: 7, seed: 3 });
    const epoch0 = order.next(7);
    const epoch1 = order.next(7);
    expect([...epoch0].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect([...epoch1].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(epoch0).not.toEqual(epoch1);
    expect(order.epoch).toBe(1);
    expect(new DataOrder({ size: 7, seed: 3 }).next(14)).toEqual([...epoch0, ...epoch1]);
    expect(new DataOrder({ size: 7, seed: 4 }).next(7)).not.toEqual(epoch0);
    expect(new DataOrder({ size: 4, shuffle: false }).next(6)).toEqual([0, 1, 2, 3, 0, 1]);
  });

  it('resumes from a saved state exactly', () => {
    const full = new DataOrder({ size: 5, seed: 9 }).next(12);
    const first = new DataOrder({ size: 5, seed: 9 });
    const head = first.next(7);
    const resumed = new DataOrder({ size: 5, seed: 9 });
    resumed.setState(JSON.parse(JSON.stringify(first.getState())));
    expect([...head, ...resumed.next(5)]).toEqual(full);
  });

  it('draws each epoch from one core RandomGenerator stream and stores its state', () => {
    const rng = RandomGenerator.fromSeed(3);
    const indices = [0, 1, 2, 3, 4, 5, 6];
    const start0 = rng.getState();
    const epoch0 = rng.shuffle(indices);
    const start1 = rng.getState();
    const epoch1 = rng.shuffle(indices);
    const order = new DataOrder({ size: 7, seed: 3 });
    expect(order.getState().random).toEqual(start0);
    expect(order.next(9)).toEqual([...epoch0, ...epoch1.slice(0, 2)]);
    expect(order.getState()).toEqual({
      size: 7,
      shuffle: true,
      epoch: 1,
      position: 2,
      random: start1,
    });
  });

  it('refuses a state without the generator state (an older checkpoint)', () => {
    const order = new DataOrder({ size: 5 });
    const legacy = { size: 5, seed: 0, shuffle: true, epoch: 0, position: 1 };
    expect(() => order.setState(legacy as never)).toThrowError(/predates the r1kit generator/);
    const zeros = {
      ...order.getState(),
      random: { algorithm: 'xoshiro128**', state: [0, 0, 0, 0] },
    };
    expect(() => order.setState(zeros as never)).toThrowError(/state.random/);
  });

  it('rejects a state for another dataset size', () => {
    const order = new DataOrder({ size: 5 });
    expect(() => order.setState({ ...order.getState(), size: 6 })).toThrowError(
      /dataset of size 5/,
    );
    expect(() => new DataOrder({ size: 0 })).toThrowError(
      /options.size must be a positive integer/,
    );
  });
});
