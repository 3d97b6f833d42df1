import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One fenced ```ts block of a Markdown file. */
export interface DocBlock {
  /** The Markdown file, relative to the repository root. */
  file: string;
  /** The 1-based line of the opening fence. */
  line: number;
  /** The words after `ts` on the fence line, e.g. `['no-run']`. */
  flags: string[];
  /** The code between the fences. */
  code: string;
}

const fence = /^(\s*)(`{3,}|~{3,})\s*(\S*)\s*(.*)$/;

/** Every ```ts (or ```typescript) block of `markdown`, in order. */
export function extractTsBlocks(markdown: string, file: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  const lines = markdown.split(/\r?\n/);
  let open: { marker: string; language: string; flags: string[]; line: number } | undefined;
  let body: string[] = [];
  lines.forEach((text, index) => {
    const match = fence.exec(text);
    if (open === undefined) {
      if (match) {
        const [, , marker, language, rest] = match;
        open = { marker, language, flags: rest.split(/\s+/).filter(Boolean), line: index + 1 };
        body = [];
      }
      return;
    }
    if (match?.[2].startsWith(open.marker) && match[3] === '' && match[4] === '') {
      if (open.language === 'ts' || open.language === 'typescript') {
        blocks.push({ file, line: open.line, flags: open.flags, code: `${body.join('\n')}\n` });
      }
      open = undefined;
      return;
    }
    body.push(text);
  });
  return blocks;
}

/** The Markdown files whose examples must run: docs/guides/*.md and packages/*\/README.md. */
export function documentationFiles(root: string): string[] {
  const files: string[] = [];
  const guides = join(root, 'docs', 'guides');
  for (const name of safeReaddir(guides).sort()) {
    if (name.endsWith('.md')) files.push(join(guides, name));
  }
  const packages = join(root, 'packages');
  for (const name of safeReaddir(packages).sort()) {
    const readme = join(packages, name, 'README.md');
    if (safeRead(readme) !== undefined) files.push(readme);
  }
  return files.map((file) => relative(root, file));
}

/** Every ```ts block of every documentation file under `root`. */
export function collectDocBlocks(root: string): DocBlock[] {
  return documentationFiles(root).flatMap((file) =>
    extractTsBlocks(readFileSync(join(root, file), 'utf8'), file),
  );
}

function safeReaddir(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch {
    return [];
  }
}

function safeRead(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
