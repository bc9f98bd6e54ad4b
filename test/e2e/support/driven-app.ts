import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, onTestFinished } from 'vitest';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../../bin/runtime/runtime';
import { launchChromium, type Browser } from './chromium';
import { screenshot } from './screenshots';

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
  /** A new tab on the app, signed out, with its own clock running from now (and moving with `jump`); it closes when the test that opened it ends. */
  open(width: number): Promise<Page>;
  /** The runtime and the page both move forward, as if the time had passed. */
  jump(page: Page, ms: number): Promise<void>;
  /** The runtime alone moves forward (e.g. to another day): tabs opened after start on its clock; a tab already open keeps its own. */
  advance(ms: number): void;
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
      // Opened in a test, the tab closes with it, and what it showed when a step failed is kept with the run's
      // screenshots (test-results/e2e). Opened in a beforeAll, it lives as long as the app.
      const test = expect.getState().currentTestName;
      if (test !== undefined) {
        onTestFinished(async ({ task }) => {
          if (task.result?.state === 'fail') await screenshot(page, `FAILED-${test.replace(/[^\w-]+/g, '-').slice(0, 120)}`).catch(() => undefined);
          await page.close();
        });
      }
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
    advance(ms) {
      offsetMs += ms;
    },
    async close() {
      await Promise.allSettled([browser.close(), runtime.stop()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Fills the schedule picker (Date, Time) with `at` as a wall time in the browser's zone
 * (the contexts run in Europe/Paris, see chromium.ts), rounded up to the minute the picker
 * takes (never earlier than `at`: the margin a test asked for holds however slow the machine);
 * returns that wall time's "HH:mm".
 */
export async function pickTime(page: Page, at: Date): Promise<string> {
  const minute = new Date(Math.ceil(at.getTime() / 60_000) * 60_000);
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(minute);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  await page.getByLabel('Date').fill(`${part('year')}-${part('month')}-${part('day')}`);
  await page.getByLabel('Time').fill(`${part('hour')}:${part('minute')}`);
  return `${part('hour')}:${part('minute')}`;
}

/** The sandbox LinkedIn's authorize page: sign in as `name`, Allow, and back to the app, which says it is connected. */
export async function allowOnLinkedIn(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Allow' }).waitFor();
  await page.getByLabel('Sign in to the sandbox as').fill(name);
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.getByText(`LinkedIn is connected as ${name}.`).waitFor();
}
