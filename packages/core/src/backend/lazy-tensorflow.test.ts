import { expect, it } from 'vitest';

// Runs in its own worker (vitest isolates test files): nothing has loaded TensorFlow.js yet.
it('importing @r1kit/core does not load TensorFlow.js; selectBackend does', async () => {
  const global = globalThis as { _tfengine?: unknown };
  expect(global._tfengine).toBeUndefined();
  const core = await import('../index.js');
  expect(global._tfengine).toBeUndefined();
  await core.selectBackend({ backend: 'cpu', log: false });
  expect(global._tfengine).toBeDefined();
});
