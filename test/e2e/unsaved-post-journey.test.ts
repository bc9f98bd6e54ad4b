import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { png } from '../support/media-files';
import { startDrivenApp, type DrivenApp } from './support/driven-app';

const webDir = inject('e2eWebDir');

// What page.evaluate callbacks use in the browser (the root tsconfig checks Node code, without the DOM lib).
declare const document: { activeElement: unknown };

/**
 * What is unsaved survives a real reload in Chromium (text, uploaded images in
 * their order with alt text, looked up again with GET /v1/media/{id} on the
 * local runtime), and Sign out asks before it throws that away. Settings offer
 * and save time zones by their current names, which the runtime takes.
 */
describe.skipIf(!webDir)('unsaved work and time zone names in Chromium', () => {
  let app: DrivenApp;
  beforeAll(async () => {
    app = await startDrivenApp(webDir, 'unsaved');
  });
  afterAll(() => app?.close());

  it('gives back the whole unsaved post after a reload, and Sign out asks before discarding it', async () => {
    const page = await app.open(1280);
    await page.getByLabel('Email').fill('unsaved@example.com');
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Saving with the connection down, by keyboard: Save draft is disabled while it tries, and after the failure the
    // focus is back on it (not at the top of the page), beside the error, the text kept.
    await page.getByLabel('What do you want to share?').fill('Not saved: the network is down');
    await app.browser.context.setOffline(true);
    await page.getByRole('button', { name: 'Save draft' }).press('Enter');
    await page.getByText('Could not reach Mark.0. Check your connection and try again.').waitFor();
    await app.browser.context.setOffline(false);
    await expect.poll(() => page.getByRole('button', { name: 'Save draft' }).evaluate((element) => element === document.activeElement)).toBe(true);

    await page.getByLabel('What do you want to share?').fill('Two pictures, not saved yet');
    const files = ['first.png', 'second.png'].map((name, i) => ({ name, mimeType: 'image/png', buffer: png(160, 100, { seed: i * 50 }) }));
    await page.getByLabel('Attach files').setInputFiles(files);
    const list = page.getByRole('list', { name: 'Attached files' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(2);
    await page.getByText('Waiting for the uploads to finish…').waitFor({ state: 'detached' });
    await page.getByLabel('Alt text for first.png').fill('The first picture');
    await page.getByLabel('Alt text for second.png').fill('The second picture');
    await page.getByRole('button', { name: 'Move second.png earlier' }).click();

    await page.reload();
    await page.getByText('Your unsaved text and 2 images were restored.').waitFor();
    expect(await page.getByLabel('What do you want to share?').inputValue()).toBe('Two pictures, not saved yet');
    await expect.poll(() => list.getByRole('listitem').evaluateAll((items) => items.map((li) => li.getAttribute('aria-label')))).toEqual(['second.png, 1 of 2', 'first.png, 2 of 2']);
    expect(await page.getByLabel('Alt text for first.png').inputValue()).toBe('The first picture');
    await expect.poll(() => page.getByTestId('preview-images').locator('img').evaluateAll((els) => els.every((el) => (el as unknown as { naturalWidth: number }).naturalWidth === 160))).toBe(true);

    await page.getByRole('button', { name: 'Sign out' }).click();
    const question = page.getByRole('group', { name: 'You have an unsaved post. Sign out and discard it?' });
    await question.getByRole('button', { name: 'Stay signed in' }).click();
    await question.waitFor({ state: 'detached' });
    expect(await page.getByLabel('What do you want to share?').inputValue()).toBe('Two pictures, not saved yet');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign out and discard it' }).click();
    await page.getByText('You are signed out.').waitFor();
    await page.getByLabel('Email').fill('unsaved@example.com');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('What do you want to share?').waitFor();
    expect(await page.getByLabel('What do you want to share?').inputValue()).toBe('');
  });

  it('offers and saves a time zone by its current name, found by city', async () => {
    const page = await app.open(1280);
    await page.getByLabel('Email').fill('zones@example.com');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const zone = page.getByRole('region', { name: 'Time zone' });
    const select = zone.getByLabel('You plan posts in');
    const names = await select.locator('option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
    expect(names).toEqual(expect.arrayContaining(['Asia/Kolkata', 'Europe/Kyiv', 'America/Nuuk']));
    expect(names).not.toContain('Asia/Calcutta');
    await zone.getByLabel('Find a zone').fill('Kolkata');
    expect(await select.inputValue()).toBe('Asia/Kolkata');
    await zone.getByRole('button', { name: 'Save time zone' }).click();
    await zone.getByText('Time zone saved: Asia/Kolkata.').waitFor();
    await page.reload();
    expect(await page.getByRole('region', { name: 'Time zone' }).getByLabel('You plan posts in').inputValue()).toBe('Asia/Kolkata');
  });
});
