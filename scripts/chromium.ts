/*
 * The one way the browser checks (scripts/render-mermaid.ts, scripts/check-catalog.ts) start Debian's Chromium
 * (/usr/bin/chromium, CHROMIUM overrides) through playwright-core: headless, offline (no background networking, no
 * component updates, no sync), in a throw-away profile that `close()` removes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Undefined when Chromium is there; else the one-line failure naming what was not checked. */
export function chromiumMissing(what: string): string | undefined {
  return fs.existsSync(CHROMIUM) ? undefined
    : `FAIL: no Chromium at ${CHROMIUM} (install Debian's: apt-get install -y chromium): ${what} was not checked`;
}

/** A headless Chromium page context of the given viewport; `close()` ends it and removes its profile. */
export async function launchChromium(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
