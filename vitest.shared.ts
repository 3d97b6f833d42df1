import { fileURLToPath } from 'node:url';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/** Root of the monorepo, for setup files shared by every project. */
const root = fileURLToPath(new URL('.', import.meta.url));

/** Options for {@link r1kitProject}. */
export interface R1kitProjectOptions {
  /** The project's name as vitest prints it (the package name). */
  name: string;
  /** Whether the project's tests use TensorFlow.js (adds the backend setup file). */
  tensorflow?: boolean;
  /** Test timeout in milliseconds. */
  testTimeout?: number;
}

/**
 * A vitest project for one workspace package. Packages are resolved through the
 * `@r1kit/source` export condition, so tests run against TypeScript sources with no build.
 */
export function r1kitProject(options: R1kitProjectOptions): UserWorkspaceConfig {
  const conditions = ['@r1kit/source', 'module', 'node', 'import', 'default'];
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@r1kit/source'] } },
    test: {
      name: options.name,
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts', '*.test.ts'],
      testTimeout: options.testTimeout ?? 60_000,
      setupFiles: options.tensorflow ? [`${root}vitest.tfjs-setup.ts`] : [],
    },
  });
}
