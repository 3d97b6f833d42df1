import { defineConfig } from 'vite';

// Packages resolve to their TypeScript sources (the workspace's `@r1kit/source` condition), so
// the page builds without building the packages first.
export default defineConfig({
  base: './',
  resolve: { conditions: ['@r1kit/source', 'browser', 'module', 'import', 'default'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
});
