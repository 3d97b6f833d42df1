import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { transform } from 'esbuild';
import { extractTsBlocks } from '../src/doc-blocks.js';
import type { PublicPackage } from './pack-and-install.js';

/** The outcome of one README block run in the consumer project. */
export interface ExampleResult {
  /** `packages/x/README.md:line`. */
  where: string;
  /** Whether it exited with code 0. */
  ok: boolean;
  /** Wall time in milliseconds. */
  milliseconds: number;
  /** Its output when it failed. */
  output: string;
}

const timeoutMs = 120_000;

function runNode(file: string, cwd: string): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file], { cwd, timeout: timeoutMs }, (error, stdout, stderr) => {
      resolve({ ok: error === null, output: `${stdout}${stderr}` });
    });
  });
}

/**
 * Runs every ```ts block (except ```ts no-run) of each package README in the consumer
 * project: the TypeScript is stripped with esbuild and the result runs with plain `node` in its
 * own folder of the project, so imports resolve to the installed tarballs' `dist/`.
 */
export async function runReadmeExamples(
  root: string,
  project: string,
  packages: PublicPackage[],
): Promise<ExampleResult[]> {
  const results: ExampleResult[] = [];
  for (const entry of packages) {
    const readme = join(entry.directory, 'README.md');
    const file = relative(root, readme);
    const blocks = extractTsBlocks(readFileSync(readme, 'utf8'), file);
    for (const block of blocks.filter((candidate) => !candidate.flags.includes('no-run'))) {
      const folder = join(project, 'examples', `${basename(entry.directory)}-L${block.line}`);
      mkdirSync(folder, { recursive: true });
      const { code } = await transform(block.code, { loader: 'ts', format: 'esm' });
      writeFileSync(join(folder, 'example.mjs'), code);
      const started = performance.now();
      const { ok, output } = await runNode(join(folder, 'example.mjs'), folder);
      results.push({
        where: `${file}:${block.line}`,
        ok,
        milliseconds: performance.now() - started,
        output,
      });
    }
  }
  return results;
}
