import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, type ExportDocument } from '@contract/api/account';
import { openExport, type ExportRequester } from '@lambdas/core/account-data/export-document';
import type { UserProfile } from '@lambdas/core/users/user';
import { AccountDeletedError } from '@lambdas/core/errors';
import type { StoredItem, UserDataStore } from '@lambdas/core/ports/user-data-store';
import { postIn } from '../support/post-states';
import { MemoryUserStore, memoryMailSettings } from '../support/memory-stores';
import { HmacMediaDownloadTokens } from '@lambdas/adapters/hmac-media-download-tokens';

const NOW = new Date('2026-11-25T10:00:00.000Z');
const clock = { now: () => NOW };
const downloads = { tokens: new HmacMediaDownloadTokens('unit-test-app-secret-key'), apiUrl: 'https://api.example.com/prod' };

/** The user's items in pages of `pageSize`, as the DynamoDB adapter hands them out. */
function pagedStore(items: StoredItem[], pageSize: number): UserDataStore {
  return {
    async page(_userId, after) {
      const start = after === undefined ? 0 : Number(after);
      const next = start + pageSize;
      return { items: items.slice(start, next), ...(next < items.length ? { next: String(next) } : {}) };
    },
    async erase() {
      throw new Error('the export erases nothing');
    },
  };
}

const PROFILE: UserProfile = { userId: 'u1', email: 'ada@example.com', tier: 'pro', createdAt: '2026-01-01T00:00:00.000Z', timezone: 'Europe/Paris', apiKey: { id: 'key-id', value: 'key-value-secret', plan: 'pro' } };

/** The profile the users store below holds, as an item of the partition (sorted after the posts). */
const PROFILE_ITEM: StoredItem = { ref: 'PROFILE', record: { kind: 'profile', profile: PROFILE } };

/** What the authorizer passed on: the address, and its suppression as read with the profile. */
const REQUESTER: ExportRequester = { address: 'ada@example.com', mailSuppressed: true };

async function exported(
  items: StoredItem[],
  options: { pageSize?: number; requester?: ExportRequester } = {},
): Promise<{ text: string; document: ExportDocument; settingsReads: number }> {
  const users = new MemoryUserStore();
  await users.createIfAbsent(PROFILE);
  const settings = memoryMailSettings(users, () => true);
  let settingsReads = 0;
  const mailSettings = { read: (...args: Parameters<typeof settings.read>) => ((settingsReads += 1), settings.read(...args)) };
  let text = '';
  const deps = { mailSettings, data: pagedStore(items, options.pageSize ?? 2), suppression: { isSuppressed: async () => true }, downloads, clock, postUrlBase: 'https://www.linkedin.com/feed/update/' };
  for await (const chunk of await openExport(deps, 'u1', options.requester ?? REQUESTER)) text += chunk;
  return { text, document: JSON.parse(text) as ExportDocument, settingsReads };
}

const connection = {
  userId: 'u1',
  memberUrn: 'urn:li:person:ada',
  name: 'Ada',
  pictureUrl: null,
  encryptedAccessToken: 'CIPHERTEXT-must-never-leave',
  expiresAt: '2027-01-01T00:00:00.000Z',
  status: 'connected' as const,
  connectedAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

describe('the export document', () => {
  it('writes each kind as its section, across page boundaries, and every section even when empty', async () => {
    const posts = [0, 1, 2].map((i) => postIn('published', 'u1', NOW, i));
    const { document } = await exported([
      { ref: 'AUDIT#1', record: { kind: 'audit', at: '2026-11-01T00:00:00.000Z', type: 'user.signed_up', data: {} } },
      { ref: 'LINKEDIN', record: { kind: 'linkedin', connection } },
      ...posts.map((post) => ({ ref: `POST#${post.id}`, record: { kind: 'post' as const, post } })),
      PROFILE_ITEM,
    ]);
    expect(document).toMatchObject({ format: EXPORT_FORMAT, exportedAt: NOW.toISOString(), complete: true, usage: [], voice: null, mails: [], mailPreferences: null, media: [], postingSchedules: [], queueSlots: [], other: [] });
    expect(document.account).toEqual({
      userId: 'u1', email: 'ada@example.com', tier: 'pro', createdAt: '2026-01-01T00:00:00.000Z', timezone: 'Europe/Paris',
      lastActiveDay: null, lastSignInAt: null, postCounts: { draft: 0, scheduled: 0, waiting: 0, publishing: 0, published: 0, failed: 0 }, usagePlan: 'pro', mailSuppressed: true,
    });
    expect(document.posts.map((post) => post.id)).toEqual(posts.map((post) => post.id));
    expect(document.posts[0]!.linkedinUrl).toBe(`https://www.linkedin.com/feed/update/${posts[0]!.linkedinUrn}`);
    expect(document.counts).toEqual({ audit: 1, linkedin: 1, posts: 3 });
  });

  it("lists files with their metadata, and a download link to each checked one's bytes, valid a day; never the LinkedIn asset", async () => {
    const file = {
      userId: 'u1', kind: 'image' as const, contentType: 'image/png', size: 10, fileName: 'a.png', width: 2, height: 2, pages: null, durationSeconds: null,
      postId: 'p1', createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(),
      asset: { urn: 'urn:li:image:1', owner: 'urn:li:person:ada', state: 'uploaded' as const, uploads: [{ url: 'https://linkedin.example/upload?secret', firstByte: 0, lastByte: 9 }], etags: [], uploadToken: '' },
    };
    const { text, document } = await exported([
      { ref: 'MEDIA#img_1', record: { kind: 'media', media: { ...file, id: 'img_1', status: 'ready' } } },
      { ref: 'MEDIA#img_2', record: { kind: 'media', media: { ...file, id: 'img_2', status: 'pending', postId: null, width: null, height: null } } },
      PROFILE_ITEM,
    ]);
    expect(document.media[0]).toEqual({
      id: 'img_1', kind: 'image', status: 'ready', contentType: 'image/png', size: 10, fileName: 'a.png', width: 2, height: 2, pages: null, durationSeconds: null,
      postId: 'p1', createdAt: NOW.toISOString(),
      downloadUrl: expect.stringMatching(/^https:\/\/api\.example\.com\/prod\/v1\/media\/img_1\/download\?token=/),
      downloadUrlExpiresAt: '2026-11-26T10:00:00.000Z',
    });
    expect(document.media[1]).toMatchObject({ id: 'img_2', status: 'pending', downloadUrl: null, downloadUrlExpiresAt: null });
    expect(text).not.toMatch(/urn:li:image|linkedin\.example|uploadToken/);
  });

  it('never copies a secret: the token, the API key, nor anything of a kind it does not know (only counted)', async () => {
    const { text, document } = await exported([
      { ref: 'LINKEDIN', record: { kind: 'linkedin', connection } },
      { ref: 'LATER#1', record: { kind: 'unknown', type: 'LATER_KIND' } },
      { ref: 'LATER#2', record: { kind: 'unknown', type: 'LATER_KIND' } },
      PROFILE_ITEM,
    ]);
    expect(text).not.toContain('CIPHERTEXT');
    expect(text).not.toContain('key-value-secret');
    expect(text).not.toContain('key-id');
    expect(document.other).toEqual([{ kind: 'LATER_KIND', count: 2 }]);
  });

  it('takes the profile from a first page that holds the whole partition, and the suppression from the authorizer: no read of its own', async () => {
    const post = postIn('draft', 'u1', NOW, 0);
    const items = [{ ref: `POST#${post.id}`, record: { kind: 'post' as const, post } }, PROFILE_ITEM];
    const { document, settingsReads } = await exported(items, { requester: { address: 'ada@example.com', mailSuppressed: false } });
    expect(settingsReads).toBe(0);
    expect(document.account).toMatchObject({ userId: 'u1', timezone: 'Europe/Paris', usagePlan: 'pro', mailSuppressed: false });
    expect(document.posts.map(({ id }) => id)).toEqual([post.id]);
    // A context without the suppression (a result cached before it carried one): read with the profile, as before.
    const unknown = await exported(items, { requester: { address: 'ada@example.com', mailSuppressed: undefined } });
    expect(unknown.settingsReads).toBe(1);
    expect(unknown.document.account.mailSuppressed).toBe(true);
  });

  it('reads the profile and the suppression together when the profile is not on the first page', async () => {
    const posts = [0, 1, 2].map((i) => postIn('published', 'u1', NOW, i));
    const items = [...posts.map((post) => ({ ref: `POST#${post.id}`, record: { kind: 'post' as const, post } })), PROFILE_ITEM];
    const { document, settingsReads } = await exported(items, { pageSize: 2, requester: { address: 'ada@example.com', mailSuppressed: false } });
    expect(settingsReads).toBe(1);
    // The read's answer is the newer one.
    expect(document.account).toMatchObject({ userId: 'u1', mailSuppressed: true });
    expect(document.posts).toHaveLength(3);
  });

  it('refuses before the first byte when the account is gone', async () => {
    const gone = { mailSettings: memoryMailSettings(new MemoryUserStore(), () => false), suppression: { isSuppressed: async () => false }, downloads, clock, postUrlBase: '' };
    // The whole partition read, no profile in it.
    await expect(openExport({ ...gone, data: pagedStore([], 1) }, 'gone', REQUESTER)).rejects.toBeInstanceOf(AccountDeletedError);
    // A partition still being erased, larger than a page: the profile is looked up, and is not there.
    const post = postIn('draft', 'gone', NOW, 0);
    const left = [0, 1, 2].map((i) => ({ ref: `POST#${i}`, record: { kind: 'post' as const, post } }));
    await expect(openExport({ ...gone, data: pagedStore(left, 2) }, 'gone', REQUESTER)).rejects.toBeInstanceOf(AccountDeletedError);
  });
});
