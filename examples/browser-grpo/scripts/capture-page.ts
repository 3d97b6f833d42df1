// Builds the page, trains a preset in headless Chromium and saves a screenshot with the
// per-step time: `npm run capture -w @r1kit/example-browser-grpo -- [preset] [backend] [png]`.
import { build } from 'vite';
import { launchChromium } from '../test/launch-chromium.js';
import { serveStatic } from '../test/static-server.js';

const [preset = 'demo', backend = 'wasm', png = 'test-output/page.png'] = process.argv.slice(2);
const root = new URL('..', import.meta.url).pathname;
const outDir = `${root}test-output/dist`;
await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true } });
const server = await serveStatic(outDir);
const browser = await launchChromium();
try {
  const tab = await browser.context.newPage();
  await tab.goto(`${server.url}?preset=${preset}&backend=${backend}&autostart=1`);
  await tab.waitForFunction(
    () => ['done', 'error'].includes(document.body.dataset.state ?? ''),
    undefined,
    {
      timeout: 600_000,
    },
  );
  const result = await tab.evaluate(() => window.r1kitResult ?? window.r1kitError);
  await tab.screenshot({ path: `${root}${png}`, fullPage: true });
  if (typeof result === 'string' || result === undefined) throw new Error(`page failed: ${result}`);
  const times = result.steps.map((point) => point.milliseconds).sort((a, b) => a - b);
  const last = result.steps.slice(-10);
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  console.log(
    `${preset} on ${result.backend}: median ${times[times.length >> 1]?.toFixed(0)} ms/step; first 10 steps reward ${mean(result.steps.slice(0, 10).map((point) => point.reward)).toFixed(3)}, last 10 ${mean(last.map((point) => point.reward)).toFixed(3)}`,
  );
} finally {
  await browser.close();
  await server.close();
}
