import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type FakeServer, startFakeServer } from './fake-inference-server.js';
import { baseModel, servedName, tokenizer } from './tiny-policy.js';

/** Retry settings that keep the engines' back-off short in tests. */
export const fastRetries = { retries: 3, initialBackoffMs: 1, maxBackoffMs: 4, timeoutMs: 30_000 };

/** What {@link useFakeServers} gives a test file. */
export interface FakeServerFixture {
  /** Starts a fake server for the base model (closed after the file's tests). */
  serve(options?: Partial<Parameters<typeof startFakeServer>[0]>): Promise<FakeServer>;
  /** `name` inside the file's temporary folder (removed after the file's tests). */
  path(name: string, ...more: string[]): string;
}

/**
 * Registers `beforeAll`/`afterAll` hooks for a temporary folder and the fake servers a test file
 * starts, and returns the helpers that use them.
 */
export function useFakeServers(prefix: string): FakeServerFixture {
  let directory = '';
  const servers: FakeServer[] = [];
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await rm(directory, { recursive: true, force: true });
  });
  return {
    serve: async (options = {}) => {
      const server = await startFakeServer({
        model: baseModel(),
        name: servedName,
        seed: 5,
        tokenizer,
        ...options,
      });
      servers.push(server);
      return server;
    },
    path: (name, ...more) => join(directory, name, ...more),
  };
}
