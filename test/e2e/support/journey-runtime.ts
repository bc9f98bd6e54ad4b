import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, type Runtime } from '../../../bin/runtime/runtime';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from './chromium';

export interface Journey {
  runtime: Runtime;
  browser: Browser;
  /** How far the runtime's clock runs ahead of the real one (tests move it with the page's). */
  offsetMs: number;
  stop(): Promise<void>;
}

/**
 * The local runtime (its own data folder, the sandbox LinkedIn and OpenAI
 * whatever this machine's environment says, a clock the test moves forward,
 * the scheduler and queue looking 5 times a second) and Chromium, for a
 * browser journey.
 */
export async function startJourney(webDir: string, name: string): Promise<Journey> {
  const dataDir = mkdtempSync(join(tmpdir(), `mark0-e2e-${name}-`));
  const journey = { offsetMs: 0 } as Journey;
  [journey.runtime, journey.browser] = await Promise.all([
    startRuntime({ port: 0, dataDir, webDir, log: () => undefined, env: {}, clock: { now: () => new Date(Date.now() + journey.offsetMs) }, publishing: { tickMs: 200 } }),
    launchChromium(),
  ]);
  journey.stop = async () => {
    await Promise.allSettled([journey.browser?.close(), journey.runtime?.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  };
  return journey;
}

/** Fills the open schedule picker with `at` as a wall time in Europe/Paris (the browser's zone); returns the parts it typed. */
export async function fillScheduleTime(page: Page, at: Date): Promise<(type: string) => string> {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  await page.getByLabel('Date').fill(`${part('year')}-${part('month')}-${part('day')}`);
  await page.getByLabel('Time').fill(`${part('hour')}:${part('minute')}`);
  return part;
}
