import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectDocBlocks, type DocBlock } from './doc-blocks.js';
import { collectTsdocExamples } from './tsdoc-examples.js';

// Every ```ts block of docs/guides/*.md and packages/*/README.md, and every TSDoc `@example`
// block of packages/*/src, is a complete program. Each is written to
// test/.doc-blocks/<file>-L<line>/example.ts and type-checked (all blocks in one tsc run). A
// documentation block runs with tsx against the package sources in a fresh scratch folder next
// to it; the TSDoc examples run one after another in one tsx process (run-examples.ts, which
// registers the cpu backend) in one scratch folder. A block fenced ```ts no-run (it needs
// downloaded files, a server or a GPU) is type-checked but not run.

const root = fileURLToPath(new URL('../../', import.meta.url));
const workDirectory = join(root, 'test', '.doc-blocks');
const tscPath = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const blockTimeoutMs = 30_000;
const typecheckTimeoutMs = 120_000;
const concurrency = 2;

const documentation = collectDocBlocks(root);
const tsdoc = collectTsdocExamples(root);
const blocks = [...documentation, ...tsdoc];
const runnable = documentation.filter((block) => !block.flags.includes('no-run'));
const runnableTsdoc = tsdoc.filter((block) => !block.flags.includes('no-run'));
const tsdocTimeoutMs = 180_000;

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

  it('finds the TSDoc examples of every package', () => {
    const packages = new Set(tsdoc.map((block) => block.file.split('/')[1]));
    expect([...packages].sort()).toEqual(
      expect.arrayContaining(['core', 'emotion-wheel', 'grpo', 'lm', 'tokenizer', 'trainer']),
    );
  });

  it.concurrent(
    'every TSDoc example runs without error',
    async () => {
      const scratch = join(workDirectory, 'tsdoc-cwd');
      const result = await limited(() => {
        rmSync(scratch, { recursive: true, force: true });
        mkdirSync(scratch);
        const files = runnableTsdoc.map((block) => join(blockDirectory(block), 'example.ts'));
        const runner = join(root, 'test', 'src', 'run-examples.ts');
        const args = ['--conditions=@r1kit/source', '--import', 'tsx', runner, ...files];
        return run(args, scratch, tsdocTimeoutMs);
      });
      const byFile = new Map(
        runnableTsdoc.map((block) => [join(blockDirectory(block), 'example.ts'), block]),
      );
      const reports = result.output
        .split('\n')
        .filter((line) => line.startsWith('@@example '))
        .map(
          (line) =>
            JSON.parse(line.slice('@@example '.length)) as {
              file: string;
              ok: boolean;
              message?: string;
            },
        );
      const failures = reports
        .filter((report) => !report.ok)
        .map((report) => {
          const block = byFile.get(report.file);
          return `${block?.file}:${block?.line}: ${report.message}`;
        });
      const tail = result.output.split('\n').slice(-20).join('\n');
      expect(reports.length, `the runner stopped early (exit ${result.code})\n${tail}`).toBe(
        runnableTsdoc.length,
      );
      expect(failures, failures.join('\n')).toEqual([]);
    },
    tsdocTimeoutMs + typecheckTimeoutMs,
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
