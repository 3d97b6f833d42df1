import { r1kitProject } from '../../vitest.shared.js';

// The browser test builds the page and trains in Chromium: give it more than the default minute.
export default r1kitProject({
  name: '@r1kit/example-browser-grpo',
  tensorflow: true,
  testTimeout: 300_000,
});
