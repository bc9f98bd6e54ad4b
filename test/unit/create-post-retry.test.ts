import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '@lambdas/core/errors';
import { mediaObjectKey } from '@lambdas/core/media/media';
import type { MediaStorage } from '@lambdas/core/ports/media-storage';
import type { MediaStore } from '@lambdas/core/ports/media-store';
import { createPost, type PostDeps } from '@lambdas/core/posts/post-use-cases';
import { ManualClock } from '../support/manual-clock';
import { MemoryPostStore } from '../support/memory-post-store';
import { MemoryUserStore } from '../support/memory-stores';

/**
 * A create sent again with the id the client made (its answer lost to a timeout or a cut
 * connection): the post it made comes back, its files stay kept; a different post under a
 * taken id is refused, and lets go only of files the existing post does not hold.
 */
const NOW = '2026-12-05T09:00:00.000Z';
const IMAGE = 'img_01KBNYB3J6Y0S6K6V6W2W8X7Z1';
const OTHER = 'img_01KBNYB3J6Y0S6K6V6W2W8X7Z2';

let deps: PostDeps;
let marks: [string[], boolean][];
beforeEach(async () => {
  const users = new MemoryUserStore();
  await users.createIfAbsent({ userId: 'ada', email: 'ada@example.com', tier: 'pro', createdAt: NOW, timezone: null });
  marks = [];
  const storage = { markAttached: async (keys: readonly string[], attached: boolean) => void marks.push([[...keys], attached]) } as unknown as MediaStorage;
  deps = { posts: new MemoryPostStore(users), clock: new ManualClock(NOW), storage, media: {} as MediaStore };
});

describe('creating a post under the id the client made', () => {
  it('gives back the post the first call made, its image kept', async () => {
    const id = ulid(Date.parse(NOW));
    const input = { id, content: 'Sent twice, saved once', media: [{ id: IMAGE, altText: 'A chart' }] };
    const first = await createPost(deps, 'ada', input);
    const again = await createPost(deps, 'ada', input);

    expect(again).toEqual(first);
    expect(first.id).toBe(id);
    expect(marks).toEqual([
      [[mediaObjectKey('ada', IMAGE)], true],
      [[mediaObjectKey('ada', IMAGE)], true],
    ]);
  });

  it('refuses another post under a taken id, letting go only of the files the existing post does not hold', async () => {
    const id = ulid(Date.parse(NOW));
    await createPost(deps, 'ada', { id, content: 'The first post', media: [{ id: IMAGE, altText: '' }] });
    marks = [];

    const taken = createPost(deps, 'ada', { id, content: 'Another post', media: [{ id: IMAGE, altText: '' }, { id: OTHER, altText: '' }] });

    await expect(taken).rejects.toThrow(ConflictError);
    await expect(taken).rejects.toMatchObject({ code: 'POST_ID_TAKEN' });
    expect(marks).toEqual([
      [[mediaObjectKey('ada', IMAGE), mediaObjectKey('ada', OTHER)], true],
      [[mediaObjectKey('ada', OTHER)], false],
    ]);
    expect((await deps.posts.get('ada', id))?.content).toBe('The first post');
  });
});
