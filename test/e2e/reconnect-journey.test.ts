import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toLittleText } from '@contract/little-text';
import { allowOnLinkedIn, pickTime, startDrivenApp, type DrivenApp } from './support/driven-app';
import { screenshot } from './support/screenshots';

const webDir = inject('e2eWebDir');

/**
 * Settings' promise, in Chromium against the local runtime and its sandbox
 * LinkedIn: disconnect LinkedIn, let a scheduled post fall due (it waits,
 * and the app says so on every page), reconnect from the post itself, and see
 * it published once, with its link. Time is driven as in the publishing
 * journey: the runtime's clock and the page's move forward together.
 */
describe.skipIf(!webDir)('a post due while LinkedIn is disconnected, in Chromium', () => {
  let app: DrivenApp;
  beforeAll(async () => {
    app = await startDrivenApp(webDir, 'reconnect');
  });
  afterAll(() => app?.close());

  it('waits while disconnected, says so, and goes out once after the reconnect', async () => {
    const page = await app.open(1280);
    const nav = (label: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
    const content = `Worth the wait: published once LinkedIn is back (${Date.now()}) #reconnect`;

    // Sign in and connect LinkedIn.
    await page.getByLabel('Email').fill('lin@example.com');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Write a post' }).waitFor();
    await page.getByRole('region', { name: /Get started/ }).getByRole('button', { name: 'Connect LinkedIn' }).click();
    await allowOnLinkedIn(page, 'Lin Waits');

    // Schedule a post two minutes ahead (the profile's zone is the browser's, Europe/Paris).
    await page.getByLabel('What do you want to share?').fill(content);
    await page.getByRole('button', { name: 'Schedule…' }).click();
    const at = new Date(app.now().getTime() + 2 * 60_000);
    await pickTime(page, at);
    await page.getByRole('button', { name: 'Schedule post' }).click();
    await page.getByRole('status').filter({ hasText: /^Scheduled for / }).waitFor();

    // Disconnect LinkedIn in Settings.
    await nav('Settings');
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('group', { name: 'Confirm disconnect' }).getByRole('button', { name: 'Disconnect' }).click();
    await page.getByText('LinkedIn is disconnected. Scheduled posts will wait until you connect again.').waitFor();

    // Its time comes while disconnected: the post waits (not failed), and every page says so.
    await nav('Posts');
    await page.getByRole('tab', { name: 'Scheduled' }).click();
    const card = page.getByRole('article').filter({ hasText: 'Worth the wait' });
    await card.waitFor();
    await app.jump(page, 3 * 60_000);
    await card.locator('.badge', { hasText: 'Waiting' }).waitFor();
    await card.getByText(/It was due while LinkedIn was not connected\. Connect LinkedIn and it goes out within a minute/).waitFor();
    await page.getByText(/LinkedIn is not connected: 1 post is waiting for it\./).waitFor();
    expect(await page.getByTestId('failed-count').count()).toBe(0);
    expect(app.runtime.linkedin.sandbox!.posts.filter((p) => p.commentary === toLittleText(content))).toHaveLength(0);
    await screenshot(page, 'reconnect-01-waiting');

    // Reconnect from the post itself: back on All (it leaves Waiting at once), the post goes out within moments.
    await card.getByRole('button', { name: 'Connect LinkedIn' }).click();
    await allowOnLinkedIn(page, 'Lin Waits');
    expect(new URL(page.url()).search).toBe('?status=all');
    const published = page.getByRole('article').filter({ hasText: 'Worth the wait' });
    const link = published.getByRole('link', { name: /View on LinkedIn/ });
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/\/feed\/update\/urn(:|%3A)li(:|%3A)share/);
    await screenshot(page, 'reconnect-02-published');

    // Once on LinkedIn, as written, with its hashtag; nothing failed.
    const onLinkedIn = app.runtime.linkedin.sandbox!.posts.filter((p) => p.commentary === toLittleText(content));
    expect(onLinkedIn).toHaveLength(1);
    expect(onLinkedIn[0]!.commentary).toContain('{hashtag|\\#|reconnect}');
    await page.getByRole('tab', { name: 'Published' }).click();
    await page.getByRole('article').filter({ hasText: 'Worth the wait' }).getByRole('link', { name: /View on LinkedIn/ }).waitFor();
    expect(await page.getByTestId('failed-count').count()).toBe(0);
  });
});
