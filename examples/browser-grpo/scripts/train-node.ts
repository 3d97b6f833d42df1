// The Node twin of the page: `npm run start:node -w @r1kit/example-browser-grpo -- [preset] [backend]`
// trains the same configuration on the same backend and prints the numbers the page shows.
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { trainGrpo } from '../src/train-grpo.js';
import { isPresetName, presets } from '../src/training-config.js';
import { useBackend } from '../src/use-backend.js';

const [presetName = 'demo', backend = 'wasm'] = process.argv.slice(2);
if (!isPresetName(presetName)) throw new Error(`unknown preset '${presetName}': use demo or micro`);
await useBackend(backend);
const { steps } = await trainGrpo({
  config: presets[presetName],
  onStep: (point, config) =>
    console.log(
      `step ${point.step}/${config.maxSteps} reward ${point.reward.toFixed(4)} ew_f ${point.ewF.toFixed(4)} ${point.milliseconds.toFixed(0)} ms`,
    ),
});
const median = steps.map((point) => point.milliseconds).sort((a, b) => a - b)[steps.length >> 1];
console.log(`backend ${backend}: median ${median?.toFixed(0)} ms/step`);
