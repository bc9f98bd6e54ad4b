import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pickTime, startDrivenApp, type DrivenApp } from './support/driven-app';
import { screenshot } from './support/screenshots';

const webDir = inject('e2eWebDir');

// What page.evaluate callbacks use in the browser (the root tsconfig checks Node code, without the DOM lib).
declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };

/** How far the journey moves the clocks (the runtime's and the browser's) to reach a post's time: no real waiting. */
const JUMP_MS = 3 * 60_000;

/**
 * The product's promise, in Chromium against the local runtime with its
 * sandbox LinkedIn and OpenAI: sign in, connect LinkedIn (the sandbox's
 * authorize page, Allow), generate drafts, use one, schedule it a couple of
 * minutes ahead, and find it published with its link; a post LinkedIn refuses
 * shows the reason and goes out on Retry. Then the same journey on a 375 px
 * phone. Time is driven, not waited for: the runtime runs on a clock the test
 * moves forward, and so does the page (Playwright's clock), so "a minute
 * ahead" arrives at once.
 */
describe.skipIf(!webDir)('the publishing journey in Chromium', () => {
  let app: DrivenApp;
  beforeAll(async () => {
    app = await startDrivenApp(webDir, 'journey');
  });
  afterAll(() => app?.close());

  async function noSidewaysScroll(page: Page): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  }

  async function journey(page: Page, { email, name, shots }: { email: string; name: string; shots: string }) {
    const shot = async (step: string) => {
      await noSidewaysScroll(page);
      await screenshot(page, `${shots}-${step}`);
    };
    const nav = (label: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();

    // Sign in; the onboarding checklist shows the way.
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const checklist = page.getByRole('region', { name: /Get started/ });
    await checklist.getByText('0 of 3 done').waitFor();
    await expect.poll(() => page.locator('.topbar .badge--sandbox').isVisible()).toBe(true);
    await shot('01-onboarding');

    // Connect LinkedIn: the sandbox's authorize page, Allow, and back to the composer.
    await checklist.getByRole('button', { name: 'Connect LinkedIn' }).click();
    await page.getByRole('button', { name: 'Allow' }).waitFor();
    await page.getByLabel('Sign in to the sandbox as').fill(name);
    await screenshot(page, `${shots}-02-linkedin-authorize`);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.getByText(`LinkedIn is connected as ${name}.`).waitFor();
    // The code and state (handed over in the fragment) are gone from the address once used.
    expect(new URL(page.url()).search).toBe('');
    expect(new URL(page.url()).hash).toBe('');
    await checklist.getByText('1 of 3 done').waitFor();
    await page.getByTestId('ai-quota').waitFor();
    await shot('03-linkedin-connected');

    // Generate drafts with the (sandbox) AI and use one; the preview shows it under the LinkedIn name.
    const ai = page.getByRole('region', { name: /Write with AI/ });
    await ai.getByLabel('Topic').fill('What shipping every week taught our team');
    await ai.getByText('Short', { exact: true }).click();
    await ai.getByLabel('Variants').selectOption('2');
    await ai.getByRole('button', { name: 'Generate drafts' }).click();
    await ai.getByText('2 drafts ready.').waitFor();
    await expect.poll(() => ai.getByTestId('ai-quota').textContent()).toMatch(/^8 of 10 AI drafts left today/);
    await shot('04-ai-drafts');
    const variant = ai.getByRole('article', { name: 'Variant 1' });
    const draftText = ((await variant.locator('.variant__text').textContent()) ?? '').trim();
    expect(draftText.length).toBeGreaterThan(20);
    await variant.getByRole('button', { name: 'Use this one' }).click();
    const composer = page.getByLabel('What do you want to share?');
    await expect.poll(() => composer.inputValue()).toBe(draftText);
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByText(name, { exact: true }).waitFor();
    await shot('05-draft-in-composer');

    // Schedule it two minutes ahead, in the profile's zone (the browser's, saved on first use).
    await page.getByRole('button', { name: 'Schedule…' }).click();
    const at = new Date(app.now().getTime() + 2 * 60_000);
    const wallTime = await pickTime(page, at);
    await page.getByText(/Times in Europe\/Paris/).waitFor();
    await shot('06-schedule-picker');
    await page.getByRole('button', { name: 'Schedule post' }).click();
    await page.getByRole('status').filter({ hasText: /^Scheduled for / }).waitFor();
    await checklist.waitFor({ state: 'detached' });
    await shot('07-scheduled');

    // The calendar shows it in its slot.
    await nav('Calendar');
    const chip = page.getByRole('link', { name: new RegExp(`^Scheduled ${wallTime}: `) });
    await chip.waitFor();
    await shot('08-calendar-week');

    // Its time comes: the runtime's scheduler fires, the sandbox LinkedIn publishes, the page shows the link.
    await nav('Posts');
    await page.getByRole('tab', { name: 'Scheduled' }).click();
    await page.getByRole('article').first().waitFor();
    await app.jump(page, JUMP_MS);
    const published = page.getByRole('article').filter({ hasText: 'Published' });
    const link = published.getByRole('link', { name: /View on LinkedIn/ });
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/\/feed\/update\/urn(:|%3A)li(:|%3A)share/);
    await page.getByRole('tab', { name: 'Published' }).click();
    await page.getByRole('article').filter({ hasText: draftText.slice(0, 30) }).getByRole('link', { name: /View on LinkedIn/ }).waitFor();
    await shot('09-published');

    // LinkedIn refuses the next post: the reason shows on the failed post, and Retry publishes it.
    app.runtime.linkedin.sandbox!.injectFaults({ kind: 'status', status: 400, message: 'Sandbox LinkedIn refused this post: the commentary looks like spam.' });
    await nav('Write');
    await composer.fill(`A post LinkedIn will refuse at first (${email}).`);
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.getByRole('button', { name: 'Yes, publish now' }).click();
    const reason = 'Sandbox LinkedIn refused this post: the commentary looks like spam.';
    // The composer follows the post it sent until LinkedIn answers, and says why it failed.
    await page.getByRole('status').filter({ hasText: /^Publishing failed: / }).filter({ hasText: reason }).waitFor();
    // Under All the post is listed while it is on its way out, and followed until LinkedIn answers.
    await nav('Posts');
    await page.getByRole('tab', { name: 'All' }).click();
    await page.getByRole('article').filter({ hasText: 'LinkedIn will refuse' }).getByText(reason).waitFor();
    // Under Failed it is listed with the reason, and a Retry follows it there until it is published.
    await page.getByRole('tab', { name: 'Failed' }).click();
    const failed = page.getByRole('article').filter({ hasText: 'LinkedIn will refuse' });
    await failed.getByText(reason).waitFor();
    await shot('10-failed-with-reason');
    await failed.getByRole('button', { name: /^Retry publishing/ }).click();
    await failed.getByRole('link', { name: /View on LinkedIn/ }).waitFor();
    await shot('11-retried-and-published');

    // Settings show the connection with its expiry (60 days from the connection), the time zone and the day's usage.
    await nav('Settings');
    await page.getByTestId('linkedin-status').filter({ hasText: /^Connected · works until / }).waitFor();
    await page.getByRole('region', { name: 'Plan and usage' }).getByText('Free').waitFor();
    // Every column heading and figure of the usage table on one line, a phone's width too ("Used" broke as "Use / d").
    const cellLines = await page.locator('.usage thead th, .usage td').evaluateAll((cells) =>
      cells.map((cell) => {
        const range = (cell.ownerDocument as unknown as { createRange(): { selectNodeContents(node: unknown): void; getClientRects(): Iterable<{ top: number }> } }).createRange();
        range.selectNodeContents(cell);
        // One line: every piece of its text at the same height.
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      }),
    );
    expect(cellLines.filter((lines) => lines > 1)).toEqual([]);
    await shot('12-settings');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
  }

  it('connects LinkedIn, drafts with AI, schedules, publishes with a link, and recovers a refused post (laptop)', async () => {
    const page = await app.open(1280);
    await journey(page, { email: 'ada@example.com', name: 'Ada Lovelace', shots: 'journey' });
  });

  it('does the same on a 375 px wide phone, without sideways scrolling', async () => {
    const page = await app.open(375);
    await journey(page, { email: 'grace@example.com', name: 'Grace Hopper', shots: 'phone' });
  });
});
