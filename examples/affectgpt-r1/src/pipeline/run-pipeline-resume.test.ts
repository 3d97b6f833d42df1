import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCli } from '../cli/parse-cli.js';
import type { RunConfig } from '../cli/run-config.js';
import { type PipelineResult, runPipeline } from './run-pipeline.js';

// Hostile resumes of a short micro run with the KL in the loss (beta > 0): each damaged run
// directory is built here from one stopped run, then resumed.
const root = await mkdtemp(path.join(tmpdir(), 'r1kit-resume-'));
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const flags = (out: string) => [
  '--preset',
  'micro',
  '--seed',
  '5',
  '--backend',
  'wasm',
  '--sft-steps',
  '100',
  '--grpo-steps',
  '4',
  '--eval-samples',
  '4',
  '--beta',
  '0.05',
  '--out',
  out,
];

function config(out: string, extra: string[] = []): RunConfig {
  const request = parseCli([...flags(out), ...extra]);
  if (request.kind !== 'run') throw new Error('expected a run request');
  return request.config;
}

const quiet = { log: () => {}, progress: false };
const keys = ['loss', 'kl', 'reward', 'grad_norm', 'completions/mean_length'];
const pick = (steps: PipelineResult['steps']) => steps.map((step) => keys.map((key) => step[key]));
const dead = 2 ** 22 + 4321; // above Linux's default pid_max: no such process

/** A copy of the run stopped after 2 GRPO steps. */
async function stoppedCopy(name: string): Promise<string> {
  const out = path.join(root, name);
  await cp(path.join(root, 'stopped'), out, { recursive: true });
  return out;
}

describe('runPipeline --resume (beta 0.05)', () => {
  let full: PipelineResult;

  beforeAll(async () => {
    full = await runPipeline(config(path.join(root, 'full')), quiet);
    await runPipeline(config(path.join(root, 'stopped')), { ...quiet, stopAfterGrpoSteps: 2 });
  }, 120_000);

  it('logs a small, non-zero KL to the SFT model, and an "after SFT" row above zero', () => {
    expect(full.steps).toHaveLength(4);
    for (const step of full.steps) expect(step.kl).toBeLessThan(0.5);
    expect(full.steps[3]?.kl).toBeGreaterThan(0);
    expect(full.evaluation[0]?.scores.f).toBeGreaterThan(0);
  });

  it('resumes to the uninterrupted run: same KL reference, a lost "after SFT" row recomputed from the SFT checkpoint, leftovers tidied', async () => {
    const out = await stoppedCopy('resumed');
    await rm(path.join(out, 'evaluation-sft.json'));
    await mkdir(path.join(out, 'grpo', `.checkpoint-3.tmp-${dead}-0a0b0c0d`));
    await writeFile(path.join(out, 'grpo', 'metrics.jsonl'), '{"step":3,"lo', { flag: 'a' });
    const resumed = await runPipeline(config(out, ['--resume']), quiet);
    expect(pick(resumed.steps)).toEqual(pick(full.steps));
    expect(resumed.evaluation).toEqual(full.evaluation);
    expect((await readdir(path.join(out, 'grpo'))).filter((name) => name.startsWith('.'))).toEqual(
      [],
    );
  }, 60_000);

  it.each([
    ['a text step', (state: Record<string, unknown>) => ({ ...state, step: 'abc' })],
    ['a negative step', (state: Record<string, unknown>) => ({ ...state, step: -5 })],
    ['a step unlike its folder', (state: Record<string, unknown>) => ({ ...state, step: 1 })],
  ])(
    'refuses a trainer_state.json with %s and keeps metrics.jsonl',
    async (name, edit) => {
      const out = await stoppedCopy(`state-${name.replace(/ /g, '-')}`);
      const stateFile = path.join(out, 'grpo', 'checkpoint-2', 'trainer_state.json');
      await writeFile(
        stateFile,
        JSON.stringify(edit(JSON.parse(await readFile(stateFile, 'utf8')))),
      );
      const metrics = path.join(out, 'grpo', 'metrics.jsonl');
      const before = await readFile(metrics, 'utf8');
      await expect(runPipeline(config(out, ['--resume']), quiet)).rejects.toMatchObject({
        code: 'INVALID_STATE',
        message: expect.stringContaining(stateFile),
      });
      expect(await readFile(metrics, 'utf8')).toBe(before);
      expect(before.trim().split('\n')).toHaveLength(2);
    },
    30_000,
  );

  it('refuses a checkpoint past --grpo-steps before touching anything', async () => {
    const out = await stoppedCopy('past-end');
    await expect(
      runPipeline(config(out, ['--resume', '--grpo-steps', '1']), quiet),
    ).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining('past --grpo-steps 1'),
    });
  });

  it('names the file and line of a garbage metrics line, changes nothing, and resumes once it is removed', async () => {
    const out = await stoppedCopy('garbage');
    const metrics = path.join(out, 'grpo', 'metrics.jsonl');
    const good = await readFile(metrics, 'utf8');
    const [first, ...rest] = good.trim().split('\n');
    await writeFile(metrics, `${first}\nnot json\n${rest.join('\n')}\n`);
    await expect(runPipeline(config(out, ['--resume']), quiet)).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringContaining(`${metrics}:2:`),
    });
    expect(await readFile(metrics, 'utf8')).toContain('not json');
    expect((await readdir(out)).includes('report.json')).toBe(false);
    await writeFile(metrics, good);
    const resumed = await runPipeline(config(out, ['--resume']), quiet);
    expect(pick(resumed.steps)).toEqual(pick(full.steps));
  }, 60_000);

  it('refuses to rerun into a run directory without --resume', async () => {
    const out = await stoppedCopy('rerun');
    const metrics = await readFile(path.join(out, 'grpo', 'metrics.jsonl'), 'utf8');
    await expect(runPipeline(config(out), quiet)).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringMatching(/already holds a run .*--resume.*new --out/),
    });
    expect(await readFile(path.join(out, 'grpo', 'metrics.jsonl'), 'utf8')).toBe(metrics);
  });

  it('refuses an --out that is a file, lies under a file, or cannot be written', async () => {
    const file = path.join(root, 'a-file');
    await writeFile(file, 'x');
    const unwritable = path.join(root, 'unwritable');
    await mkdir(path.join(unwritable, `.write-test-${process.pid}`), { recursive: true });
    for (const [out, message] of [
      [file, 'is a file'],
      [path.join(file, 'run'), 'lies under a file'],
      [unwritable, 'is not writable (EISDIR)'],
    ] as const) {
      await expect(runPipeline(config(out), quiet)).rejects.toMatchObject({
        code: 'IO_ERROR',
        message: expect.stringContaining(`--out ${out} ${message}`),
      });
    }
  });

  it('resumes a run killed -9 during a (slowed) checkpoint write to the uninterrupted result', async () => {
    const out = path.join(root, 'killed');
    const example = path.resolve(fileURLToPath(import.meta.url), '../../..');
    // node itself (tsx as a loader), so that the pid killed is the one writing.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@r1kit/source', 'src/main.ts', ...flags(out)],
      {
        cwd: example,
        env: { ...process.env, R1KIT_ATOMIC_WRITE_DELAY_MS: '3000' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    let running = true;
    const exited = new Promise((resolve) => child.once('exit', resolve)).then(() => {
      running = false;
    });
    const grpo = path.join(out, 'grpo');
    const deadline = Date.now() + 50_000;
    let killedDuring = '';
    while (!killedDuring && running && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const names = await readdir(grpo).catch(() => [] as string[]);
      const writing = names.find((name) => name.startsWith('.checkpoint-2.tmp-'));
      if (writing) {
        child.kill('SIGKILL');
        killedDuring = writing;
      }
    }
    await exited;
    expect(stderr.split('\n').filter((line) => line.startsWith('error'))).toEqual([]);
    expect(killedDuring).toContain(`.tmp-${child.pid}-`);
    const left = await readdir(grpo);
    expect(left).toContain(killedDuring);
    expect(left).not.toContain('checkpoint-2');
    const resumed = await runPipeline(config(out, ['--resume']), quiet);
    expect(pick(resumed.steps)).toEqual(pick(full.steps));
    expect(resumed.evaluation).toEqual(full.evaluation);
    expect((await readdir(grpo)).filter((name) => name.startsWith('.'))).toEqual([]);
  }, 90_000);
});
