// Times the stages of one AffectGPT-R1 step on the example's model shapes: an SFT step, a GRPO
// step (rollout + reward + update) and one evaluation batch. Prints a table and a JSON line.
// Run: npm run bench -w @r1kit/example-affectgpt-r1   (R1KIT_BACKEND=cpu|wasm to pick a backend)
import { selectBackend } from '@r1kit/core';
import type { MerSample } from '@r1kit/datasets';
import { generateSyntheticDataset } from '@r1kit/datasets';
import { builtinWheelSet } from '@r1kit/emotion-wheel';
import { GrpoTrainer, SftTrainer } from '@r1kit/trainer';
import { presets } from '../src/cli/presets.js';
import { buildPolicy } from '../src/pipeline/build-policy.js';
import { evaluatePolicy } from '../src/pipeline/evaluate-policy.js';
import { grpoTrainerOptions } from '../src/pipeline/grpo-trainer-options.js';
import { referenceSnapshot } from '../src/pipeline/reference-snapshot.js';
import { sftExamples } from '../src/pipeline/sft-examples.js';

const backend = await selectBackend({ log: false });
const rows: Array<{ preset: string; stage: string; ms: number }> = [];
const time = async (
  preset: string,
  stage: string,
  repeats: number,
  run: () => Promise<unknown>,
) => {
  await run();
  const start = performance.now();
  for (let index = 0; index < repeats; index += 1) await run();
  rows.push({ preset, stage, ms: (performance.now() - start) / repeats });
};
for (const name of ['micro', 'tiny'] as const) {
  const preset = presets[name];
  const splits = generateSyntheticDataset({ seed: 1, size: 200 });
  const policy = buildPolicy(splits.train, { shape: preset.shape, seed: 1 });
  const sft = new SftTrainer<MerSample>({
    model: policy.model,
    examples: sftExamples(policy, splits.train, { think: true }),
    extraVariables: policy.adapter.trainableVariables(),
    softTokens: (payloads) => policy.softTokens(payloads, { training: true }),
    batchSize: preset.sftBatchSize,
    maxSteps: 1000,
    padTokenId: policy.endTokenId,
    progress: false,
  });
  await time(name, `SFT step (batch ${preset.sftBatchSize})`, 3, async () => sft.trainStep());
  sft.dispose();
  // The same options as stage 2 of the pipeline, KL reference included.
  const reference = referenceSnapshot(policy.model);
  const grpo = new GrpoTrainer<MerSample>({
    ...grpoTrainerOptions({
      policy,
      train: splits.train,
      config: { ...preset, seed: 1 },
      wheels: builtinWheelSet(),
      referenceModel: reference,
      progress: false,
    }),
    maxSteps: 1000,
  });
  await time(
    name,
    `GRPO step (${preset.promptsPerStep}x${preset.numGenerations} rollouts)`,
    2,
    () => grpo.trainStep(),
  );
  grpo.dispose();
  reference.dispose();
  await time(name, 'evaluate 32 samples', 1, () =>
    evaluatePolicy(policy, splits.test.slice(0, 32), {
      stage: 'bench',
      wheels: builtinWheelSet(),
      maxCompletionLength: preset.maxCompletionLength,
    }),
  );
  policy.dispose();
}
console.log(`backend ${backend.name}`);
console.log('| preset | stage | ms |\n|---|---|---|');
for (const row of rows) console.log(`| ${row.preset} | ${row.stage} | ${row.ms.toFixed(0)} |`);
console.log(JSON.stringify({ bench: 'affectgpt-r1-pipeline-steps', backend: backend.name, rows }));
