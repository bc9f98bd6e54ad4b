import { describe, expect, it } from 'vitest';
import { MEDIA_DOWNLOAD_LINK_SECONDS, MEDIA_DOWNLOAD_REDIRECT_SECONDS } from '@contract/api/media';
import { HmacMediaDownloadTokens } from '@lambdas/adapters/hmac-media-download-tokens';
import { ForbiddenError, NotFoundError } from '@lambdas/core/errors';
import type { MediaItem } from '@lambdas/core/media/media';
import { mediaDownloadLink, openMediaDownload } from '@lambdas/core/media/media-download';
import { ManualClock } from '../support/manual-clock';

const tokens = new HmacMediaDownloadTokens('the-app-secret-generated-key');
const MEDIA_ID = 'img_01JABCDEFGHJKMNPQRSTVWXYZ0';
const item: MediaItem = {
  userId: 'user-1', id: MEDIA_ID, kind: 'image', status: 'ready', contentType: 'image/png', size: 10, fileName: 'a.png',
  width: 1, height: 1, pages: null, durationSeconds: null, postId: null, createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T10:00:00.000Z',
};

function downloads(clock: ManualClock, stored: MediaItem | null = item) {
  const signed: { key: string; seconds: number }[] = [];
  const deps = {
    media: { get: async (userId: string, mediaId: string) => (stored && stored.userId === userId && stored.id === mediaId ? stored : undefined) },
    storage: { presignDownload: async (key: string, seconds: number) => (signed.push({ key, seconds }), `https://bucket.example/${key}?signed`) },
    tokens,
    clock,
  };
  return { deps, signed };
}

describe('download tokens', () => {
  it('name the user and expiry for one file, and nothing made otherwise verifies', () => {
    const expiresAt = new Date('2026-11-26T10:00:00.000Z');
    const token = tokens.issue('user-1', MEDIA_ID, expiresAt);
    expect(tokens.verify(token, MEDIA_ID)).toEqual({ userId: 'user-1', expiresAt });
    expect(tokens.verify(token, 'img_01JABCDEFGHJKMNPQRSTVWXYZ1')).toBeUndefined();
    expect(new HmacMediaDownloadTokens('another-secret-key-entirely').verify(token, MEDIA_ID)).toBeUndefined();
    const [user, expires, signature] = token.split('.');
    expect(tokens.verify(`${user}.${Number(expires) + 86_400}.${signature}`, MEDIA_ID)).toBeUndefined();
    expect(tokens.verify(`${Buffer.from('user-2').toString('base64url')}.${expires}.${signature}`, MEDIA_ID)).toBeUndefined();
    expect(tokens.verify(token.slice(0, -2), MEDIA_ID)).toBeUndefined();
    expect(tokens.verify(`${token}.x`, MEDIA_ID)).toBeUndefined();
  });
});

describe("an export's download link", () => {
  it('is made for ready files only, to the API, valid a day', () => {
    const clock = new ManualClock('2026-11-25T10:00:00.000Z');
    const link = mediaDownloadLink({ tokens, clock, apiUrl: 'https://api.example.com/prod' }, item);
    expect(link?.url).toMatch(new RegExp(`^https://api\\.example\\.com/prod/v1/media/${MEDIA_ID}/download\\?token=[A-Za-z0-9_.-]+$`));
    expect(link?.expiresAt).toBe(new Date(clock.now().getTime() + MEDIA_DOWNLOAD_LINK_SECONDS * 1000).toISOString());
    expect(mediaDownloadLink({ tokens, clock, apiUrl: '' }, { ...item, status: 'pending' })).toBeNull();
  });

  it('leads to a short signed GET of the file until it expires, then says to export again', async () => {
    const clock = new ManualClock('2026-11-25T10:00:00.000Z');
    const { deps, signed } = downloads(clock);
    const token = new URL(mediaDownloadLink({ tokens, clock, apiUrl: 'https://api.example.com/prod' }, item)!.url).searchParams.get('token')!;
    expect(await openMediaDownload(deps, MEDIA_ID, token)).toBe(`https://bucket.example/media/user-1/${MEDIA_ID}?signed`);
    expect(signed).toEqual([{ key: `media/user-1/${MEDIA_ID}`, seconds: MEDIA_DOWNLOAD_REDIRECT_SECONDS }]);
    clock.advance(MEDIA_DOWNLOAD_LINK_SECONDS * 1000 - 1_000);
    await expect(openMediaDownload(deps, MEDIA_ID, token)).resolves.toContain('signed');
    clock.advance(1_000);
    const expired = await openMediaDownload(deps, MEDIA_ID, token).catch((error: unknown) => error);
    expect(expired).toBeInstanceOf(ForbiddenError);
    expect(expired).toMatchObject({ code: 'DOWNLOAD_LINK_EXPIRED', message: expect.stringContaining('Download your data again') });
  });

  it('refuses a changed token (403) and a file that is gone (404)', async () => {
    const clock = new ManualClock('2026-11-25T10:00:00.000Z');
    const token = tokens.issue('user-1', MEDIA_ID, new Date('2026-11-26T10:00:00.000Z'));
    await expect(openMediaDownload(downloads(clock).deps, MEDIA_ID, `${token}x`)).rejects.toMatchObject({ code: 'INVALID_DOWNLOAD_LINK' });
    await expect(openMediaDownload(downloads(clock, null).deps, MEDIA_ID, token)).rejects.toBeInstanceOf(NotFoundError);
    await expect(openMediaDownload(downloads(clock, { ...item, status: 'pending' }).deps, MEDIA_ID, token)).rejects.toBeInstanceOf(NotFoundError);
  });
});
