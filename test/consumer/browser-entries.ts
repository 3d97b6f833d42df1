/**
 * The package entries that must bundle for the browser with no Node built-in left in the
 * bundle: every public package's main entry (issue 13, item 1). Their file-system functions
 * fetch Node built-ins when they run (`nodeBuiltin` of `@r1kit/core`), never at import.
 */
export const browserSafeEntries: readonly string[] = [
  '@r1kit/core',
  '@r1kit/datasets',
  '@r1kit/emotion-wheel',
  '@r1kit/encoders',
  '@r1kit/grpo',
  '@r1kit/lm',
  '@r1kit/rollout',
  '@r1kit/sampling',
  '@r1kit/tokenizer',
  '@r1kit/trainer',
];
