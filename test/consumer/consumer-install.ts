// Issue 13, item 4: the packages as a user gets them from npm. Builds the packages, packs every
// public one, installs the tarballs into a fresh project outside the workspace, runs each
// README's examples there with plain Node, and bundles each main entry for the browser with
// esbuild, failing when an entry of `browserSafeEntries` still pulls in a Node built-in.
// Run: `npm run test:consumer` (add `-- --no-build` to reuse the current dist/).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserSafeEntries } from './browser-entries.js';
import { type BrowserBundle, bundleBrowserEntry } from './bundle-browser-entries.js';
import { packAndInstall, publicPackages } from './pack-and-install.js';
import { runReadmeExamples } from './run-readme-examples.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const started = performance.now();
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const failures: string[] = [];

let phase = performance.now();
if (!process.argv.includes('--no-build')) {
  execFileSync('npm', ['run', 'build', '--', '--output-logs=errors-only'], {
    cwd: root,
    stdio: 'inherit',
  });
  console.log(`build: ${seconds(phase)}`);
}

const project = mkdtempSync(join(tmpdir(), 'r1kit-consumer-'));
try {
  const packages = publicPackages(root);
  phase = performance.now();
  packAndInstall(root, project, packages);
  console.log(`pack + install ${packages.length} packages into ${project}: ${seconds(phase)}`);

  phase = performance.now();
  const examples = await runReadmeExamples(root, project, packages);
  for (const example of examples) {
    const time = `${(example.milliseconds / 1000).toFixed(1)} s`;
    console.log(`${example.ok ? 'ok  ' : 'FAIL'} ${example.where} (${time})`);
    if (!example.ok) {
      console.log(example.output.replace(/^/gm, '     | '));
      failures.push(`README example ${example.where} failed in the consumer project`);
    }
  }
  console.log(`README examples: ${examples.length} in ${seconds(phase)}`);

  phase = performance.now();
  const bundles: BrowserBundle[] = [];
  for (const entry of packages) bundles.push(await bundleBrowserEntry(project, entry.name));
  console.log('\nbrowser bundles (esbuild, platform browser, minified, @tensorflow/* external):');
  console.log('| entry | min kB | gzip kB | Node built-ins left | checked |');
  console.log('|---|---:|---:|---|---|');
  for (const bundle of bundles) {
    const required = browserSafeEntries.includes(bundle.entry);
    const names = [...bundle.builtins.keys()].sort();
    console.log(
      `| ${bundle.entry} | ${(bundle.bytes / 1000).toFixed(1)} | ${(bundle.gzipBytes / 1000).toFixed(1)} | ${names.join(', ') || 'none'} | ${required ? 'required' : 'pending item 1'} |`,
    );
    if (required && names.length > 0) {
      failures.push(
        `${bundle.entry} is listed as browser-safe but its bundle imports ${names.join(', ')}`,
      );
    }
    if (bundle.sourceInputs.length > 0) {
      failures.push(
        `${bundle.entry} bundled TypeScript sources: ${bundle.sourceInputs.join(', ')}`,
      );
    }
  }
  for (const bundle of bundles.filter((candidate) => candidate.builtins.size > 0)) {
    console.log(`\n${bundle.entry} imports Node built-ins:`);
    for (const [name, importers] of [...bundle.builtins].sort()) {
      console.log(`  ${name}: ${[...importers].sort().join(', ')}`);
    }
  }
  console.log(`\nbrowser bundles: ${seconds(phase)}`);
} finally {
  if (process.env.R1KIT_KEEP_CONSUMER === undefined)
    rmSync(project, { recursive: true, force: true });
}

console.log(`consumer install step: ${seconds(started)}`);
if (failures.length > 0) {
  console.error(
    `\n${failures.length} failure(s):\n${failures.map((line) => `- ${line}`).join('\n')}`,
  );
  process.exit(1);
}
