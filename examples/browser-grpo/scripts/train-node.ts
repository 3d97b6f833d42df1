// The Node twin of the page: `npm run start:node -w @r1kit/example-browser-grpo -- [preset] [backend] [seed]`
// trains the same configuration on the same backend and prints the numbers the page shows.
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { trainGrpo } from '../src/train-grpo.js';
import { isPresetName, presets } from '../src/training-config.js';
import { useBackend } from '../src/use-backend.js';

const [presetName = 'demo', backend = 'wasm', seed = '0'] = process.argv.slice(2);
if (!isPresetName(presetName)) throw new Error(`unknown preset '${presetName}': use demo or micro`);
await useBackend(backend);
const { sftSteps, steps } = await trainGrpo({
  config: { ...presets[presetName], seed: Number(seed) },
  onStep: (point, config) =>
    console.log(
      `step ${point.step}/${config.maxSteps} reward ${point.reward.toFixed(4)} ew_f ${point.ewF.toFixed(4)} ${point.milliseconds.toFixed(0)} ms`,
    ),
});
const median = steps.map((point) => point.milliseconds).sort((a, b) => a - b)[steps.length >> 1];
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const rewards = steps.map((point) => point.reward);
const third = Math.max(1, Math.floor(rewards.length / 3));
console.log(
  `SFT loss ${sftSteps[0]?.loss.toFixed(3)} -> ${sftSteps.at(-1)?.loss.toFixed(3)}; reward first 10 steps ${mean(rewards.slice(0, 10)).toFixed(3)}, last 10 ${mean(rewards.slice(-10)).toFixed(3)}; first third ${mean(rewards.slice(0, third)).toFixed(3)}, last third ${mean(rewards.slice(-third)).toFixed(3)}`,
);
console.log(`backend ${backend}, seed ${seed}: median ${median?.toFixed(0)} ms/step`);
