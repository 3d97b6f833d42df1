import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DocBlock } from './doc-blocks.js';

const exampleTag = /^\s*\*\s*@example\b/;
const fenceLine = /^\s*\*\s*(`{3,})\s*(\S*)\s*(.*)$/;
const commentEnd = /\*\//;

/** Source files of a package whose TSDoc examples count: `src/**\/*.ts`, tests excluded. */
function sourceFiles(directory: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(directory).sort()) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) {
      files.push(path);
    }
  }
  return files;
}

/**
 * The first ```ts block after each `@example` tag of a TSDoc comment in `source`, with the
 * leading ` * ` of every line removed. The block's `line` is the 1-based line of its fence.
 */
export function extractTsdocExamples(source: string, file: string): DocBlock[] {
  const lines = source.split(/\r?\n/);
  const blocks: DocBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (!exampleTag.test(lines[index] as string)) continue;
    let open = index + 1;
    while (open < lines.length && !fenceLine.test(lines[open] as string)) {
      if (commentEnd.test(lines[open] as string)) break;
      open++;
    }
    const fence = fenceLine.exec(lines[open] ?? '');
    if (!fence || !['ts', 'typescript'].includes(fence[2] as string)) continue;
    const body: string[] = [];
    let close = open + 1;
    for (; close < lines.length; close++) {
      const text = lines[close] as string;
      const closing = fenceLine.exec(text);
      if (closing && closing[2] === '' && closing[3] === '') break;
      body.push(text.replace(/^\s*\* ?/, '').replace(/^\s*\*$/, ''));
    }
    blocks.push({
      file,
      line: open + 1,
      flags: (fence[3] as string).split(/\s+/).filter(Boolean),
      code: `${body.join('\n')}\n`,
    });
    index = close;
  }
  return blocks;
}

/** Every TSDoc ```ts example of `packages/*\/src` under `root`. */
export function collectTsdocExamples(root: string): DocBlock[] {
  const packages = join(root, 'packages');
  return readdirSync(packages)
    .sort()
    .flatMap((name) => {
      const source = join(packages, name, 'src');
      try {
        statSync(source);
      } catch {
        return [];
      }
      return sourceFiles(source).flatMap((file) =>
        extractTsdocExamples(readFileSync(file, 'utf8'), relative(root, file)),
      );
    });
}
