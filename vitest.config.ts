import { defineConfig } from 'vitest/config';

// Runs every workspace's vitest project from the root (`npx vitest`); CI runs them through turbo.
export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*', 'test'],
  },
});
