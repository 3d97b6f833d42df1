import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A public workspace package. */
export interface PublicPackage {
  /** `@r1kit/...`. */
  name: string;
  /** Its folder in the monorepo. */
  directory: string;
}

/** Every package under `packages/` that is not private. */
export function publicPackages(root: string): PublicPackage[] {
  const folder = join(root, 'packages');
  return readdirSync(folder)
    .sort()
    .map((name) => join(folder, name))
    .map((directory) => ({
      directory,
      manifest: JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')),
    }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ directory, manifest }) => ({ name: manifest.name as string, directory }));
}

/** The version of a third-party package that the monorepo has installed (and locked). */
function installedVersion(root: string, name: string): string {
  return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/**
 * Packs every public package with `npm pack` into `project/tarballs`, then installs the tarballs
 * and TensorFlow.js (the versions the monorepo locks) into the fresh project `project`, which
 * lies outside the workspace: no workspace links, no source condition.
 */
export function packAndInstall(root: string, project: string, packages: PublicPackage[]): void {
  const tarballs = join(project, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  const run = (args: string[], cwd: string) =>
    execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const packed = JSON.parse(
    run(
      [
        'pack',
        '--json',
        '--pack-destination',
        tarballs,
        ...packages.flatMap((entry) => ['-w', entry.name]),
      ],
      root,
    ),
  ) as Array<{ filename: string }>;
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'r1kit-consumer', private: true, type: 'module' }, null, 2)}\n`,
  );
  const tensorflow = ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm'];
  run(
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--no-package-lock',
      ...packed.map((entry) => join(tarballs, entry.filename)),
      ...tensorflow.map((name) => `${name}@${installedVersion(root, name)}`),
    ],
    project,
  );
}
