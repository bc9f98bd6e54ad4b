import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../../bin/runtime/runtime';
import { launchChromium, type Browser } from './chromium';

// What page.evaluate callbacks use in the browser (the root tsconfig checks Node code, without the DOM lib).
declare const localStorage: { clear(): void };

/**
 * The local runtime (its sandbox LinkedIn and OpenAI, data in a temporary
 * folder) and Chromium, on a clock the test drives: the runtime's clock and
 * each page's (Playwright's) move forward together with `jump`, so "a minute
 * ahead" arrives at once instead of being waited for.
 */
export interface DrivenApp {
  runtime: Runtime;
  /** The runtime's data folder (removed on close): a test may keep its downloads there. */
  dataDir: string;
  browser: Browser;
  /** The runtime's "now". */
  now(): Date;
  /** A new tab on the app, signed out, with its own clock running from now (and moving with `jump`). */
  open(width: number): Promise<Page>;
  /** The runtime and the page both move forward, as if the time had passed. */
  jump(page: Page, ms: number): Promise<void>;
  close(): Promise<void>;
}

/** `options`: more of the runtime's options (e.g. the deletion queue's tick). */
export async function startDrivenApp(webDir: string, name: string, options: Pick<RuntimeOptions, 'deletion'> = {}): Promise<DrivenApp> {
  const dataDir = mkdtempSync(join(tmpdir(), `mark0-e2e-${name}-`));
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const [runtime, browser] = await Promise.all([
    startRuntime({
      port: 0,
      dataDir,
      webDir,
      log: () => undefined,
      // No provider credentials: the sandbox LinkedIn and OpenAI, whatever this machine's environment says.
      env: {},
      clock: { now },
      // The scheduler and queue look at the (moved) clock 5 times a second.
      publishing: { tickMs: 200 },
      ...options,
    }),
    launchChromium(),
  ]);
  return {
    runtime,
    dataDir,
    browser,
    now,
    async open(width) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width, height: width < 500 ? 812 : 900 });
      await page.clock.install({ time: now() });
      await page.goto(runtime.url);
      // A fresh start whatever an earlier test left signed in.
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      return page;
    },
    async jump(page, ms) {
      offsetMs += ms;
      await page.clock.fastForward(ms);
    },
    async close() {
      await Promise.allSettled([browser.close(), runtime.stop()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Fills the schedule picker (Date, Time) with `at` as a wall time in the browser's zone
 * (the contexts run in Europe/Paris, see chromium.ts); returns that wall time's "HH:mm".
 */
export async function pickTime(page: Page, at: Date): Promise<string> {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  await page.getByLabel('Date').fill(`${part('year')}-${part('month')}-${part('day')}`);
  await page.getByLabel('Time').fill(`${part('hour')}:${part('minute')}`);
  return `${part('hour')}:${part('minute')}`;
}
