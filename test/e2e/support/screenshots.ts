import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';

// In the browser, inside page.evaluate (the root tsconfig has no DOM lib).
declare const window: { scrollTo(x: number, y: number): void };

/** test-results/ is git-ignored; CI keeps it as the run's artifacts. */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../../test-results/e2e');

export function resetScreenshots(): void {
  rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = resolve(SCREENSHOT_DIR, `${name}.png`);
  // From the top, so the sticky header sits where a person sees it, not mid-page in the stitched image.
  // The pointer parked in a corner so no hover style shows; transitions finished so colours are final.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(0, 0);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}
