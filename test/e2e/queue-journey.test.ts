import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDrivenApp, type DrivenApp } from './support/driven-app';
import { screenshot } from './support/screenshots';

const webDir = inject('e2eWebDir');

// What page.evaluate callbacks use in the browser (the root tsconfig checks Node code, without the DOM lib).
declare const document: { documentElement: { scrollWidth: number; clientWidth: number }; activeElement: unknown };

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * The queue (issue 13), in Chromium against the local runtime: set posting
 * times, queue three posts from the composer, see them in the calendar, drag
 * one onto another's slot (they swap), and publish one from the queue. At
 * laptop and phone sizes; time is driven (the runtime's and the page's clocks
 * jump together).
 */
describe.skipIf(!webDir)('the queue journey in Chromium', () => {
  let app: DrivenApp;
  beforeAll(async () => {
    app = await startDrivenApp(webDir, 'queue');
  });
  afterAll(() => app?.close());

  async function journey(page: Page, { email, name, shots }: { email: string; name: string; shots: string }) {
    const shot = async (step: string) => {
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
      await screenshot(page, `${shots}-${step}`);
    };
    const nav = (label: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();

    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const checklist = page.getByRole('region', { name: /Get started/ });
    await checklist.getByRole('button', { name: 'Connect LinkedIn' }).click();
    await page.getByLabel('Sign in to the sandbox as').fill(name);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.getByText(`LinkedIn is connected as ${name}.`).waitFor();

    // Posting times: tomorrow (in Paris, the browser's zone) at 09:00, 10:00 and 11:00, nothing else.
    await nav('Queue');
    const times = page.getByRole('region', { name: 'Posting times' });
    await times.getByText(/These are suggested times/).waitFor();
    for (let left = await times.getByRole('button', { name: /^Remove / }).count(); left > 0; left--) {
      await times.getByRole('button', { name: /^Remove / }).first().click();
    }
    const tomorrow = new Date(app.now().getTime() + 86_400_000).toLocaleString('en-US', { timeZone: 'Europe/Paris', weekday: 'long' });
    expect(DAYS).toContain(tomorrow);
    await times.getByLabel('Day', { exact: true }).selectOption({ label: tomorrow });
    for (const time of ['09:00', '10:00', '11:00']) {
      await times.getByLabel('Time', { exact: true }).fill(time);
      await times.getByRole('button', { name: 'Add time' }).click();
    }
    await times.getByRole('button', { name: 'Save posting times' }).click();
    await times.getByText(/^Posting times saved/).waitFor();
    await shot('01-posting-times');

    // Three posts into the queue from the composer: each takes the next free time.
    for (const [i, time] of ['09:00', '10:00', '11:00'].entries()) {
      await nav('Write');
      await page.getByLabel('What do you want to share?').fill(`Queued post ${i + 1} from ${email}`);
      await page.getByRole('button', { name: 'Add to queue' }).click();
      await page.getByRole('status').filter({ hasText: new RegExp(`^Queued for .*${time.replace(':00', '')}`) }).waitFor();
    }
    await shot('02-queued');

    // The calendar shows them on tomorrow's column (the week of tomorrow).
    await nav('Queue');
    const upNext = page.getByRole('region', { name: 'Up next' });
    const firstAt = (await upNext.locator('time').first().getAttribute('datetime'))!;
    const day = new Date(firstAt).toLocaleDateString('en-CA', { timeZone: 'Europe/Paris' });
    await page.goto(`${app.runtime.url}/calendar?view=week&date=${day}`);
    for (const time of ['9:00', '10:00', '11:00']) await page.getByRole('link', { name: new RegExp(`^Scheduled 0?${time}.*Queued post`) }).first().waitFor();
    await shot('03-calendar');

    // Drag the third post onto the first one's slot: they swap.
    await nav('Queue');
    const slots = upNext.getByTestId('queue-slot');
    await slots.filter({ hasText: 'Queued post 3' }).waitFor();
    await slots.filter({ hasText: 'Queued post 3' }).getByLabel(/Queued post:/).dragTo(slots.filter({ hasText: 'Queued post 1' }));
    await expect.poll(async () => (await slots.first().textContent()) ?? '').toContain('Queued post 3');
    await expect.poll(async () => (await slots.nth(2).textContent()) ?? '').toContain('Queued post 1');
    await shot('04-dragged');

    // By keyboard: Later, Pause and Resume disable every button while they run, and Later draws the post in its new
    // slot; the focus stays on the control pressed instead of falling to the top of the page.
    const focused = (control: ReturnType<Page['getByRole']>) => control.evaluate((element) => element === document.activeElement);
    await slots.filter({ hasText: 'Queued post 3' }).getByRole('button', { name: 'Later' }).press('Enter');
    await expect.poll(async () => (await slots.nth(1).textContent()) ?? '').toContain('Queued post 3');
    await expect.poll(() => focused(slots.nth(1).getByRole('button', { name: 'Later' }))).toBe(true);
    await upNext.getByRole('button', { name: 'Pause the queue' }).press('Enter');
    await expect.poll(() => focused(upNext.getByRole('button', { name: 'Resume the queue' }))).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(upNext.getByRole('button', { name: 'Pause the queue' }))).toBe(true);

    // Publish the first one from the queue, now.
    const first = slots.filter({ hasText: 'Queued post 3' });
    await first.getByRole('button', { name: 'Publish now' }).click();
    await first.getByRole('button', { name: 'Yes, publish now' }).click();
    await upNext.getByRole('status').filter({ hasText: /^Publishing now/ }).waitFor();
    await app.jump(page, 60_000);
    await nav('Posts');
    await page.getByRole('tab', { name: /Published/ }).click();
    await page.getByRole('article').filter({ hasText: 'Queued post 3' }).getByRole('link', { name: /View on LinkedIn/ }).waitFor();
    await shot('05-published-from-queue');
  }

  it('sets posting times, queues three posts, sees them in the calendar, drags one and publishes it from the queue (laptop)', async () => {
    const page = await app.open(1280);
    await journey(page, { email: 'queue-ada@example.com', name: 'Ada Lovelace', shots: 'queue' });
  });

  it('does the same on a 375 px wide phone, and publishes from the queue', async () => {
    const page = await app.open(375);
    await journey(page, { email: 'queue-grace@example.com', name: 'Grace Hopper', shots: 'queue-phone' });
  });
});
