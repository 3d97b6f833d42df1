import { spawnSync } from 'node:child_process';

/** The first Python interpreter that can `import numpy`, or undefined (tests then skip). */
export function pythonWithNumpy(): string | undefined {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    const result = spawnSync(candidate, ['-c', 'import numpy'], { encoding: 'utf8' });
    if (result.status === 0) return candidate;
  }
  console.warn(
    '[@r1kit/encoders] numpy parity tests skipped: no python3 with numpy (apt-get install -y python3-numpy)',
  );
  return undefined;
}

/** Runs a Python script with `argv[1:]` = `args`; throws with stderr on failure. */
export function runPython(python: string, script: string, args: string[]): string {
  const result = spawnSync(python, ['-c', script, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`python failed: ${result.stderr}`);
  return result.stdout;
}
