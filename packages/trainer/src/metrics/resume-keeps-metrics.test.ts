import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTinyCausalLM } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import type { SftExample } from '../sft/sft-example.js';
import { SftTrainer } from '../sft/sft-trainer.js';

const examples: SftExample[] = [3, 4, 5, 6, 7, 3, 4, 5].map((a) => ({
  inputIds: [1, a, a + 4, 2],
  completionMask: [0, 0, 1, 1],
}));

function trainer(outputDir: string, data: SftExample[] = examples) {
  const model = createTinyCausalLM({ config: { vocabSize: 13, hiddenSize: 8 }, seed: 5 });
  const sft = new SftTrainer({
    model,
    examples: data,
    batchSize: 2,
    maxSteps: 6,
    learningRate: 0.05,
    seed: 1,
    outputDir,
    saveSteps: 3,
    progress: false,
  });
  return { model, sft };
}

describe('metrics.jsonl across a resume', () => {
  it('is untouched by a resume that fails, and rewritten from the checkpoint by one that trains', async () => {
    const outputDir = await mkdtemp(join(tmpdir(), 'r1kit-resume-metrics-'));
    const metrics = join(outputDir, 'metrics.jsonl');
    const steps = async () =>
      (await readFile(metrics, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).step);
    const first = trainer(outputDir);
    await first.sft.train({ steps: 5 });
    expect(await steps()).toEqual([1, 2, 3, 4, 5]);
    // The dataset changed since the checkpoint: the data order refuses it after the weights load.
    const changed = trainer(outputDir, examples.slice(0, 6));
    await expect(changed.sft.resume(join(outputDir, 'checkpoint-3'))).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    expect(await steps()).toEqual([1, 2, 3, 4, 5]);
    const resumed = trainer(outputDir);
    await resumed.sft.resume(join(outputDir, 'checkpoint-3'));
    expect(await steps()).toEqual([1, 2, 3, 4, 5]);
    await resumed.sft.train();
    expect(await steps()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const run of [first, changed, resumed]) {
      run.sft.dispose();
      run.model.dispose();
    }
  });
});
