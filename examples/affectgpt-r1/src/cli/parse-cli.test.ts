import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { R1kitError } from '@r1kit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTinyPretrainedModel } from '../../test/write-tiny-pretrained-model.js';
import { cliFlags, helpText } from './cli-flags.js';
import { parseCli } from './parse-cli.js';
import { presets } from './presets.js';

function errorOf(argv: string[]): R1kitError {
  try {
    parseCli(argv);
  } catch (error) {
    if (R1kitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`parseCli(${argv.join(' ')}) did not throw`);
}

describe('parseCli', () => {
  it('defaults to the tiny preset with P3, think on, accuracy 1 + format 0.2', () => {
    const request = parseCli([]);
    expect(request.kind).toBe('run');
    if (request.kind !== 'run') return;
    expect(request.config).toMatchObject({
      ...presets.tiny,
      seed: 1,
      think: true,
      out: 'runs/tiny-seed1',
      resume: false,
      backend: 'auto',
    });
    expect(request.config.lengthPenalty).toBe('p3');
  });

  it('merges flags over the preset', () => {
    const request = parseCli([
      '--preset',
      'micro',
      '--seed',
      '7',
      '--no-think',
      '--dual-reward',
      '0.6',
      '--length-penalty',
      'p1',
      '--grpo-steps',
      '3',
      '--resume',
    ]);
    if (request.kind !== 'run') throw new Error('expected a run');
    expect(request.config).toMatchObject({
      preset: 'micro',
      seed: 7,
      think: false,
      dualWeight: 0.6,
      lengthPenalty: 'p1',
      grpoSteps: 3,
      resume: true,
      out: 'runs/micro-seed7-nothink',
    });
    expect(request.config.sftSteps).toBe(presets.micro.sftSteps);
  });

  it('returns help, and the help text lists every flag', () => {
    expect(parseCli(['--help'])).toEqual({ kind: 'help' });
    const text = helpText();
    for (const flag of cliFlags) expect(text).toContain(`--${flag.name}`);
    for (const required of [
      '--out',
      '--seed',
      '--preset',
      '--no-think',
      '--length-penalty',
      '--dual-reward',
      '--alignment-reward',
      '--ew-resources',
      '--data',
      '--resume',
      '--backend',
    ]) {
      expect(text).toContain(required);
    }
  });

  it('names the problem and the fix for an unknown preset, flag or value', () => {
    const preset = errorOf(['--preset', 'huge']);
    expect(preset.code).toBe('INVALID_CONFIG');
    expect(preset.message).toContain('micro, tiny, small, paper');
    expect(preset.message).toContain('"huge"');
    const flag = errorOf(['--sedd', '1']);
    expect(flag.code).toBe('INVALID_CONFIG');
    expect(flag.message).toContain('--sedd');
    expect(flag.message).toContain('--help');
    const value = errorOf(['--seed', 'abc']);
    expect(value.message).toContain('--seed must be an integer');
    expect(value.message).toContain('"abc"');
    expect(errorOf(['--length-penalty', 'p4']).message).toContain('none, p1, p2 or p3');
    expect(errorOf(['--accuracy-weight', '0', '--format-weight', '0']).message).toContain(
      'all reward weights are 0',
    );
    expect(errorOf(['--preset', 'paper']).message).toContain('--model');
  });

  it('refuses an out-of-memory-sized config with OUT_OF_MEMORY and what to lower', () => {
    const error = errorOf([
      '--hidden-size',
      '16384',
      '--layers',
      '48',
      '--memory-limit-mb',
      '4096',
    ]);
    expect(error.code).toBe('OUT_OF_MEMORY');
    expect(error.message).toContain(
      "but --memory-limit-mb 4096 (backend 'auto') holds at most 4.00 GiB",
    );
    expect(error.message).toContain('--hidden-size');
    // The full fine-tune counts AdamW moments and the frozen reference copy.
    expect(error.message).toMatch(/optimizerStates \d+\.\d\d GiB.*reference \d+\.\d\d GiB/);
    expect(parseCli(['--memory-limit-mb', '4096']).kind).toBe('run');
  });

  it("takes the estimate from @r1kit/lm's estimateMemory of a training step", () => {
    // The default (tiny) preset needs more than 1 MB.
    const refused = errorOf(['--memory-limit-mb', '1']);
    expect(refused.code).toBe('OUT_OF_MEMORY');
    const needed = Number(/needs about (\d+\.\d+) GiB/.exec(refused.message)?.[1]);
    // Whatever the estimate, a limit just above it is accepted and one just below refused.
    const mb = needed * 1024;
    expect(mb).toBeGreaterThan(1);
    expect(parseCli(['--memory-limit-mb', String(Math.ceil(mb + 11))]).kind).toBe('run');
    expect(errorOf(['--memory-limit-mb', String(Math.max(1, Math.floor(mb - 11)))]).code).toBe(
      'OUT_OF_MEMORY',
    );
    // On wasm, the 4 GiB heap caps a larger --memory-limit-mb.
    const wasm = errorOf([
      ...['--backend', 'wasm', '--hidden-size', '4096', '--layers', '8'],
      ...['--memory-limit-mb', '100000'],
    ]);
    expect(wasm.code).toBe('OUT_OF_MEMORY');
    expect(wasm.message).toContain('the 4 GiB wasm heap');
  });

  describe('--model DIR', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'r1kit-cli-model-'));
    afterAll(async () => {
      await rm(root, { recursive: true, force: true });
    });
    const directory = path.join(root, 'tiny-qwen');
    const config = await writeTinyPretrainedModel(directory, {
      corpus: ['subtitle: we did it', 'happy, glad'],
      hiddenSize: 48,
    });

    it("takes the model's sizes from its config.json and LoRA rank 16 unless --lora-rank", () => {
      const request = parseCli(['--preset', 'paper', '--model', directory]);
      if (request.kind !== 'run') throw new Error('expected a run request');
      expect(request.config.shape).toEqual({
        hiddenSize: 48,
        layers: 1,
        heads: 2,
        vocabSize: config.vocabSize,
        intermediateSize: config.intermediateSize,
        keyValueHeads: config.numKeyValueHeads,
        loraRank: 16,
      });
      expect(request.config.softToken).toBeUndefined();
      const flags = parseCli([
        ...['--preset', 'paper', '--model', directory, '--lora-rank', '0'],
        ...['--soft-token', '<|im_start|>', '--max-completion-length', '64', '--eval-samples', '5'],
      ]);
      if (flags.kind !== 'run') throw new Error('expected a run request');
      expect(flags.config).toMatchObject({
        softToken: '<|im_start|>',
        maxCompletionLength: 64,
        evalSamples: 5,
        shape: { loraRank: 0 },
      });
    });

    it('refuses a missing directory, size flags with --model, and --soft-token without it', () => {
      const missing = errorOf(['--preset', 'paper', '--model', path.join(root, 'absent')]);
      expect(missing.code).toBe('NOT_FOUND');
      expect(missing.message).toContain('options.directory');
      expect(missing.message).toContain('config.json, model.safetensors');
      const width = errorOf(['--preset', 'paper', '--model', directory, '--hidden-size', '64']);
      expect(width.code).toBe('INVALID_CONFIG');
      expect(width.message).toContain('--hidden-size cannot be combined with --model');
      const soft = errorOf(['--soft-token', '<|video_pad|>']);
      expect(soft.code).toBe('INVALID_CONFIG');
      expect(soft.message).toContain('--soft-token only applies to a pretrained --model');
    });
  });
});
