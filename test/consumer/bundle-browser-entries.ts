import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

/** What bundling one package entry for the browser found. */
export interface BrowserBundle {
  /** The package entry, e.g. `@r1kit/core`. */
  entry: string;
  /** Node built-ins left in the bundle, each with the files that import it. */
  builtins: Map<string, Set<string>>;
  /** Bundle size in bytes, minified, TensorFlow.js external. */
  bytes: number;
  /** The same, gzipped. */
  gzipBytes: number;
  /** Files bundled from an `@r1kit` package's `src/` (the source condition leaked). */
  sourceInputs: string[];
}

const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/** Marks Node built-ins external and records who imports them. */
function recordBuiltins(found: Map<string, Set<string>>, project: string): Plugin {
  return {
    name: 'record-node-builtins',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        if (!builtins.has(args.path)) return undefined;
        const name = args.path.replace(/^node:/, '');
        const importers = found.get(name) ?? new Set<string>();
        importers.add(args.importer.replace(`${project}/`, ''));
        found.set(name, importers);
        return { path: args.path, external: true };
      });
    },
  };
}

/**
 * Bundles the whole main entry of a package (every export kept) from the consumer project with
 * esbuild for the browser, and reports the Node built-ins left in it and its gzip size.
 * TensorFlow.js (a peer dependency the page brings) stays external.
 */
export async function bundleBrowserEntry(project: string, entry: string): Promise<BrowserBundle> {
  const found = new Map<string, Set<string>>();
  const result = await build({
    stdin: {
      contents: `export * from '${entry}';`,
      resolveDir: project,
      loader: 'js',
    },
    absWorkingDir: project,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['@tensorflow/*'],
    plugins: [recordBuiltins(found, project)],
  });
  const output = result.outputFiles[0]?.contents ?? new Uint8Array();
  const inputs = Object.keys(result.metafile.inputs);
  return {
    entry,
    builtins: found,
    bytes: output.byteLength,
    gzipBytes: gzipSync(output, { level: 9 }).byteLength,
    sourceInputs: inputs.filter((input) => /@r1kit\/[^/]+\/src\//.test(join('/', input))),
  };
}
