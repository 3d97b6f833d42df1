import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium; the tests never download a browser. */
export const chromiumPath = process.env.R1KIT_CHROMIUM ?? '/usr/bin/chromium';

/** A headless Chromium with a fresh profile; `close()` quits it and removes the profile. */
export interface HeadlessChromium {
  /** The browser context (one profile). */
  context: BrowserContext;
  /** Quits the browser and deletes its profile folder. */
  close(): Promise<void>;
}

/**
 * Starts Debian's headless Chromium through playwright-core with a fresh `--user-data-dir`,
 * no sandbox, no GPU and no background network traffic.
 *
 * @returns The context and a `close` function.
 */
export async function launchChromium(): Promise<HeadlessChromium> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: the browser test needs Debian's Chromium; run \`apt-get install chromium\` (or set R1KIT_CHROMIUM to its path)`,
    );
  }
  const profile = await mkdtemp(join(tmpdir(), 'r1kit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1000, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
