import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectDocBlocks, type DocBlock } from './doc-blocks.js';

// Every ```ts block of docs/guides/*.md and packages/*/README.md is a complete program. Each is
// written to test/.doc-blocks/<file>-L<line>/example.ts, type-checked (all blocks in one tsc run)
// and run with tsx against the package sources, in a fresh scratch folder next to it. A block
// fenced ```ts no-run (it needs downloaded files or a GPU) is type-checked but not run.

const root = fileURLToPath(new URL('../../', import.meta.url));
const workDirectory = join(root, 'test', '.doc-blocks');
const tscPath = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const blockTimeoutMs = 30_000;
const typecheckTimeoutMs = 120_000;
const concurrency = 2;

const blocks = collectDocBlocks(root);
const runnable = blocks.filter((block) => !block.flags.includes('no-run'));

interface ProcessResult {
  code: number | null;
  output: string;
  timedOut: boolean;
}

function blockDirectory(block: DocBlock): string {
  return join(workDirectory, `${block.file.replace(/[^A-Za-z0-9]+/g, '-')}-L${block.line}`);
}

function run(args: string[], cwd: string, timeout: number): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd, timeout, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, output: `${stdout}${stderr}`, timedOut: error?.killed === true });
      },
    );
  });
}

// At most `concurrency` processes run at once: the machine is shared.
let running = 0;
const waiting: Array<() => void> = [];
async function limited<T>(task: () => Promise<T>): Promise<T> {
  if (running >= concurrency) await new Promise<void>((wake) => waiting.push(wake));
  running += 1;
  try {
    return await task();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** Rewrites `dir/example.ts(12,5): error ...` as `packages/x/README.md:40:5: error ...`. */
function locateTypeErrors(output: string): string {
  const byDirectory = new Map(blocks.map((block) => [blockDirectory(block), block]));
  return output.replace(
    /^(.*?)[/\\]example\.ts\((\d+),(\d+)\)/gm,
    (match, directory, line, col) => {
      const block = byDirectory.get(join(workDirectory, directory.replace(/^.*[/\\]/, '')));
      return block ? `${block.file}:${block.line + Number(line)}:${col}` : match;
    },
  );
}

beforeAll(() => {
  rmSync(workDirectory, { recursive: true, force: true });
  for (const block of blocks) {
    mkdirSync(blockDirectory(block), { recursive: true });
    writeFileSync(join(blockDirectory(block), 'example.ts'), block.code);
  }
  const tsconfig = {
    extends: '../../tsconfig.base.json',
    compilerOptions: { noEmit: true, declaration: false, declarationMap: false, sourceMap: false },
    files: blocks.map((block) => join(blockDirectory(block), 'example.ts')),
    include: ['../../packages/*/src/**/*.d.ts'],
  };
  writeFileSync(join(workDirectory, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
});

describe('documentation examples', () => {
  it('finds the guides and the package READMEs', () => {
    const files = new Set(blocks.map((block) => block.file));
    expect([...files].some((file) => file.startsWith('docs/guides/'))).toBe(true);
    expect([...files].some((file) => file.startsWith('packages/'))).toBe(true);
  });

  it.concurrent(
    'every example type-checks',
    async () => {
      const result = await limited(() =>
        run(
          [tscPath, '-p', join(workDirectory, 'tsconfig.json')],
          workDirectory,
          typecheckTimeoutMs,
        ),
      );
      const what = result.timedOut ? `timed out after ${typecheckTimeoutMs} ms` : 'type errors';
      expect(result.code, `${what}\n${locateTypeErrors(result.output)}`).toBe(0);
    },
    typecheckTimeoutMs * 2,
  );

  it.concurrent.each(runnable.map((block) => [`${block.file}:${block.line}`, block] as const))(
    '%s runs without error',
    async (_name, block) => {
      const scratch = join(blockDirectory(block), 'cwd');
      const result = await limited(() => {
        rmSync(scratch, { recursive: true, force: true });
        mkdirSync(scratch);
        const args = ['--conditions=@r1kit/source', '--import', 'tsx', '../example.ts'];
        return run(args, scratch, blockTimeoutMs);
      });
      const tail = result.output.split('\n').slice(-40).join('\n');
      const what = result.timedOut ? `timed out after ${blockTimeoutMs} ms` : `exit ${result.code}`;
      expect(result.code, `${block.file}:${block.line} ${what}\n${tail}`).toBe(0);
    },
    blockTimeoutMs * Math.ceil(runnable.length / concurrency) + typecheckTimeoutMs,
  );
});
