import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ExportDocument } from '@contract/api/account';
import { IN_FLIGHT_SECONDS } from '@lambdas/core/account-data/deletion-step-names';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { localDynamoClient } from '../../bin/runtime/dynamodb-local';
import { itemsMentioning, scanAll } from '../integration/support/account-data';
import { startDrivenApp, type DrivenApp } from './support/driven-app';
import { screenshot } from './support/screenshots';

const webDir = inject('e2eWebDir');

// What page.evaluate callbacks use in the browser (the root tsconfig checks Node code, without the DOM lib).
declare const document: { activeElement: unknown };

const EMAIL = 'grace@example.com';
const POST = 'Everything I wrote here is mine: export it, then delete it.';

/**
 * "My data is mine" in Chromium against the local runtime: write a post,
 * download everything from Settings (the file the API streams), delete the
 * account with its typed confirmation, land signed out with the reason, and
 * sign in again with the same email to a brand-new, empty account; meanwhile
 * the deletion job erases the old one (its waits passed by moving the
 * runtime's clock, not by waiting).
 */
describe.skipIf(!webDir)('export, then delete the account, in Chromium', () => {
  let app: DrivenApp;
  let page: Page;

  beforeAll(async () => {
    app = await startDrivenApp(webDir!, 'account-data', { deletion: { tickMs: 200 } });
    page = await app.open(1280);
  });

  afterAll(async () => {
    await app?.close();
  });

  async function signIn() {
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Write a post' }).waitFor();
  }

  async function openSettings() {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Your data' }).waitFor();
  }

  it('downloads everything, deletes the account, and signs up afresh with the same email', async () => {
    await signIn();
    await page.getByLabel('What do you want to share?').fill(POST);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('status').filter({ hasText: 'Draft saved.' }).waitFor();

    // A mail switch flipped by keyboard is saved at once; while it saves the switches are disabled, and the focus
    // comes back to the one flipped (not to the top of the page).
    await openSettings();
    const weekly = page.getByRole('checkbox', { name: 'Weekly summary' });
    await weekly.press('Space');
    await page.getByRole('status').filter({ hasText: 'You will get “Weekly summary” mails.' }).waitFor();
    expect(await weekly.isChecked()).toBe(true);
    await expect.poll(() => weekly.evaluate((element) => element === document.activeElement)).toBe(true);

    // Download my data: the streamed export, saved as a file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^mark0-export-\d{4}-\d{2}-\d{2}\.json$/);
    const file = join(app.dataDir, download.suggestedFilename());
    await download.saveAs(file);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as ExportDocument;
    expect(exported).toMatchObject({ complete: true, account: { email: EMAIL }, posts: [{ content: POST, status: 'draft' }] });
    await page.getByRole('status').filter({ hasText: 'Downloaded: everything Mark.0 stores about you' }).waitFor();
    const oldUserId = exported.account.userId;

    // Delete my account: the LinkedIn sentence first, the button only once the email is typed.
    await page.getByRole('button', { name: 'Delete my account…' }).click();
    await page.getByText('Posts already published on LinkedIn stay there').waitFor();
    const confirm = page.getByRole('button', { name: 'Delete my account and all my data' });
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByLabel(/Type your email address/).fill(EMAIL);
    await screenshot(page, 'account-01-delete-confirmation');
    await confirm.click();
    await page.getByRole('heading', { name: 'Sign in to Mark.0' }).waitFor();
    await page.getByText('Your account is deleted').waitFor();
    await screenshot(page, 'account-02-deleted-signed-out');

    // The job finishes in the background: move the runtime's clock past its last wait.
    const db = createDocumentClient(localDynamoClient(app.runtime.dynamoEndpoint));
    try {
      await expect
        .poll(
          async () => {
            await app.jump(page, (IN_FLIGHT_SECONDS + 5) * 1000);
            return itemsMentioning(await scanAll(db, app.runtime.tableName), oldUserId).map((item) => item['PK']);
          },
          { timeout: 30_000, interval: 500 },
        )
        .toEqual([`ACCOUNT_DELETION#${oldUserId}`]);
    } finally {
      db.destroy();
    }

    // The same email: a brand-new account, nothing of the old one.
    // (The address is still /settings: the app comes back to where the session ended.)
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your data' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Posts' }).click();
    await page.getByRole('heading', { name: 'Your posts' }).waitFor();
    await expect.poll(() => page.getByRole('article').count()).toBe(0);
    await openSettings();
    const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
    const fresh = join(app.dataDir, `fresh-${again.suggestedFilename()}`);
    await again.saveAs(fresh);
    const second = JSON.parse(readFileSync(fresh, 'utf8')) as ExportDocument;
    expect(second.account.userId).not.toBe(oldUserId);
    expect(second.posts).toEqual([]);
  });
});
