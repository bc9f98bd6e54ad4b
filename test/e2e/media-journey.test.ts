import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { png } from '../support/media-files';
import { pickTime, startDrivenApp, type DrivenApp } from './support/driven-app';
import { screenshot } from './support/screenshots';

const webDir = inject('e2eWebDir');

// What page.evaluate callbacks use in the browser (the root tsconfig checks Node code, without the DOM lib).
declare function getComputedStyle(element: unknown): { backgroundColor: string };

/**
 * Issue 11's journey in Chromium against the local runtime (its S3 twin and
 * sandbox LinkedIn): attach three images, give each alt text, schedule the
 * post, and find it published with the three images on LinkedIn's page.
 * The uploads are real browser PUTs to signed URLs; time is driven, not waited.
 */
describe.skipIf(!webDir)('posting three images in Chromium', () => {
  let app: DrivenApp;
  beforeAll(async () => {
    app = await startDrivenApp(webDir, 'media');
  });
  afterAll(() => app?.close());

  it('attaches three images with alt text, schedules the post, and sees it published with them', async () => {
    const page = await app.open(1280);
    await page.getByLabel('Email').fill('media@example.com');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const checklist = page.getByRole('region', { name: /Get started/ });
    await checklist.getByRole('button', { name: 'Connect LinkedIn' }).click();
    await page.getByLabel('Sign in to the sandbox as').fill('Mae Jemison');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.getByText('LinkedIn is connected as Mae Jemison.').waitFor();

    const text = 'Three pictures from the launch';
    await page.getByLabel('What do you want to share?').fill(text);
    const files = ['stage.png', 'team.png', 'rocket.png'].map((name, i) => ({ name, mimeType: 'image/png', buffer: png(320, 200, { seed: i * 40, alpha: i === 2 ? 120 : 255 }) }));
    await page.getByLabel('Attach files').setInputFiles(files);
    const list = page.getByRole('list', { name: 'Attached files' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(3);
    await page.getByText('Waiting for the uploads to finish…').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByText(/Add alt text/).count()).toBe(3);
    const alts = ['The stage before the talk', 'The team on stage', 'The rocket, half transparent'];
    for (const [i, file] of files.entries()) await page.getByLabel(`Alt text for ${file.name}`).fill(alts[i]!);
    await expect.poll(() => page.getByText(/Add alt text/).count()).toBe(0);
    await expect.poll(() => page.getByTestId('preview-images').locator('img').count()).toBe(3);
    // The half-transparent rocket shows on the card's background, as on LinkedIn (not on black, nor the page behind).
    const cardBackground = await page.locator('.preview__card').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(cardBackground).toBe('rgb(255, 255, 255)');
    expect(await page.locator('.preview__tile').evaluateAll((tiles) => tiles.map((tile) => getComputedStyle(tile).backgroundColor))).toEqual([cardBackground, cardBackground, cardBackground]);
    await screenshot(page, 'media-01-three-images');

    await page.getByRole('button', { name: 'Schedule…' }).click();
    const at = new Date(app.now().getTime() + 2 * 60_000);
    await pickTime(page, at);
    await page.getByRole('button', { name: 'Schedule post' }).click();
    await page.getByRole('status').filter({ hasText: /^Scheduled for / }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Posts' }).click();
    await page.getByRole('tab', { name: 'Scheduled' }).click();
    const card = page.getByRole('article').filter({ hasText: text });
    await card.locator('.thumb img').waitFor();
    await app.jump(page, 3 * 60_000);
    const link = page.getByRole('article').filter({ hasText: 'Published' }).filter({ hasText: text }).getByRole('link', { name: /View on LinkedIn/ });
    await link.waitFor();
    await screenshot(page, 'media-02-published');

    const linkedinPage = await app.browser.context.newPage();
    await linkedinPage.goto((await link.getAttribute('href'))!);
    const images = linkedinPage.locator('[data-kind="multiImage"] img');
    await expect.poll(() => images.count()).toBe(3);
    expect(await images.evaluateAll((els) => els.map((el) => (el as unknown as { alt: string }).alt))).toEqual(alts);
    await expect.poll(() => images.evaluateAll((els) => els.every((el) => (el as unknown as { naturalWidth: number }).naturalWidth === 320))).toBe(true);
    await screenshot(linkedinPage, 'media-03-on-linkedin');
    await linkedinPage.close();
  });
});
