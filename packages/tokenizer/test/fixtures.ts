import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** This package's directory. */
export const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The monorepo root. */
export const repoRoot = path.resolve(packageDir, '../..');

/**
 * Finds a file inside an installed npm package (hoisted to the root or local to this package).
 *
 * @returns The path, or `undefined` when the package is not installed.
 */
export function findPackageFile(packageName: string, file: string): string | undefined {
  for (const base of [packageDir, repoRoot]) {
    const candidate = path.join(base, 'node_modules', packageName, file);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The native Hugging Face tokenizers binding, or `undefined` (with the reason) when it cannot load. */
export async function loadNativeTokenizers(): Promise<
  typeof import('@anush008/tokenizers') | { missing: string }
> {
  try {
    return await import('@anush008/tokenizers');
  } catch (error) {
    return { missing: `@anush008/tokenizers (native oracle) cannot load: ${String(error)}` };
  }
}
