import { r1kitProject } from '../../vitest.shared.js';

export default r1kitProject({ name: '@r1kit/datasets', tensorflow: true, testTimeout: 120_000 });
