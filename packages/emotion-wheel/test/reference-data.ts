import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (three levels above this file). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The official EW reference folder, read at test time only (never copied into the repo). */
export const referenceDirectory = resolve(repoRoot, '../shared/reference/affectgpt-ew');

/** Whether the reference folder is present; tests that need it skip with a printed reason. */
export const hasReference = existsSync(resolve(referenceDirectory, 'test_vectors.json'));

if (!hasReference) {
  console.warn(
    `[emotion-wheel] ${referenceDirectory} is absent: official-file and test-vector tests are skipped`,
  );
}
