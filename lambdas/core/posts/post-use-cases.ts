import { AccountGoneError, ConflictError, StaleWriteError } from '../errors';
import { newId } from '../ids';
import { withOptimisticRetry } from '../optimistic';
import { normalizeInstant } from '../instants';
import { publishMessageFor } from '../publishing/publish-message';
import type { Clock } from '../ports/clock';
import { expectedOf, type Page, type PostStore } from '../ports/post-store';
import type { PostScheduler } from '../ports/post-scheduler';
import type { AccountReader } from '../ports/account-reader';
import { newDraft, revise, type Post } from './post';
import { DEFAULT_PAGE_SIZE, noSuchPost, postIdSchema } from './post-id';
import type { CreatePostInput, ListPostsInput, UpdatePostInput } from './post-input';
import { isEditable } from '../../contract/api/posts';
import { RETENTION_DAYS, ttlAfterDays } from '../retention';
import { mediaObjectKey } from '../media/media';
import { checkFitsLinkedIn, checkPostShape } from './post-shape';
import { explainingMedia, markObjects, mediaChanges, type PostMediaDeps } from './post-media';

export interface PostDeps extends Partial<PostMediaDeps> {
  posts: PostStore;
  clock: Clock;
}

export interface DeletePostDeps extends PostDeps {
  scheduler: PostScheduler;
}

export async function createPost(deps: PostDeps, userId: string, input: CreatePostInput): Promise<Post> {
  const now = deps.clock.now();
  const media = input.media ?? [];
  const shape = { content: input.content, media, poll: input.poll ?? null, documentTitle: input.documentTitle ?? null };
  checkPostShape(shape);
  const post = newDraft(userId, input.id ?? newId(now), now, shape);
  const attach = media.map((m) => m.id);
  // Tagged "attached" first: a crash before the post write leaves an object kept too long, never a post whose file the bucket removes.
  await markObjects(deps, userId, attach, true);
  try {
    await explainingMedia(deps, userId, post.id, () => deps.posts.create(post, attach.length > 0 ? { media: { attach } } : {}));
  } catch (error) {
    // The client's id is taken: by this very create, whose answer was lost (the same post comes back), or by another post.
    const earlier = input.id !== undefined && error instanceof StaleWriteError && !(error instanceof AccountGoneError) ? await deps.posts.get(userId, post.id) : undefined;
    if (earlier && sameCreation(earlier, post)) return earlier;
    const kept = new Set((earlier?.media ?? []).map((m) => m.id));
    await markObjects(deps, userId, attach.filter((id) => !kept.has(id)), false).catch(() => undefined);
    if (earlier) throw new ConflictError('A different post already has this id: make a new id for a new post.', 'POST_ID_TAKEN', [{ field: 'id', message: 'is taken' }]);
    throw error;
  }
  return post;
}

/** The post a create with this id made, when the create is sent again: what it holds is what was asked. */
function sameCreation(earlier: Post, asked: Post): boolean {
  const held = (post: Post) => JSON.stringify([post.content, post.media ?? [], post.poll ?? null, post.documentTitle ?? null]);
  return held(earlier) === held(asked);
}

/** The user's own post, or 404 — also for ids that belong to someone else or cannot exist. */
export async function getPost(deps: PostDeps, userId: string, postId: string): Promise<Post> {
  const post = postIdSchema.safeParse(postId).success ? await deps.posts.get(userId, postId) : undefined;
  if (!post) throw noSuchPost(postId);
  return post;
}

/** The post (404 unless the user's), read with the profile: AccountGoneError when the account is deleted. */
async function postWithOwner(deps: Pick<EditDeps, 'accounts'>, userId: string, postId: string): Promise<Post> {
  if (!postIdSchema.safeParse(postId).success) throw noSuchPost(postId);
  const { profile, post } = await deps.accounts.read(userId, { postId });
  if (!profile) throw new AccountGoneError();
  if (!post) throw noSuchPost(postId);
  return post;
}

export function listPosts(deps: PostDeps, userId: string, input: ListPostsInput): Promise<Page<Post>> {
  return deps.posts.list(userId, {
    ...(input.status ? { status: input.status } : {}),
    ...(input.from ? { from: normalizeInstant(input.from) } : {}),
    ...(input.to ? { to: normalizeInstant(input.to) } : {}),
    limit: input.limit ?? DEFAULT_PAGE_SIZE,
    ...(input.cursor ? { cursor: input.cursor } : {}),
  });
}

export interface EditDeps extends PostDeps {
  accounts: AccountReader;
}

/**
 * The editor's save. The post is read with its owner's profile (one call): a
 * deleted account's edit is refused there (401), so the write that follows,
 * when it moves no count, media or instant, is the post alone (ownerChecked).
 */
export function updatePost(deps: EditDeps, userId: string, postId: string, input: UpdatePostInput): Promise<Post> {
  return withOptimisticRetry(async () => {
    const post = await postWithOwner(deps, userId, postId);
    if (!isEditable(post.status)) {
      throw new ConflictError(`This post is ${post.status} and can no longer be edited.`, 'POST_NOT_EDITABLE');
    }
    if (input.version !== undefined && input.version !== post.version) {
      throw new ConflictError(
        `The post changed since you loaded it (you had version ${input.version}, it is now ${post.version}). Reload it to see the latest text.`,
        'VERSION_MISMATCH',
      );
    }
    const now = deps.clock.now();
    const shape = {
      content: input.content,
      media: input.media ?? post.media ?? [],
      poll: input.poll === undefined ? (post.poll ?? null) : input.poll,
      documentTitle: input.documentTitle === undefined ? (post.documentTitle ?? null) : input.documentTitle,
    };
    checkPostShape(shape);
    if (post.status === 'scheduled' || post.status === 'waiting') checkFitsLinkedIn(shape.content, post.status);
    // A new text has never been sent: LinkedIn cannot hold it yet (a duplicate of it would be another post's).
    const next = revise(post, { ...shape, ...(post.mayBeOnLinkedIn && input.content !== post.content ? { mayBeOnLinkedIn: false, sentCommentary: null } : {}) }, now);
    const { attach, detach } = mediaChanges(post.media ?? [], shape.media);
    await markObjects(deps, userId, attach, true);
    const media = attach.length + detach.length > 0 ? { attach, detach, detachedExpireAt: ttlAfterDays(now, RETENTION_DAYS.unattachedMedia) } : undefined;
    await explainingMedia(deps, userId, post.id, () => deps.posts.update(next, expectedOf(post), { ownerChecked: true, ...(media ? { media } : {}) }));
    // After the write: a failure here only keeps a detached file until someone deletes the account.
    await markObjects(deps, userId, detach, false).catch(() => undefined);
    return next;
  });
}

/**
 * Deletes the post; a scheduled one loses its schedule (the store also gives
 * back its scheduled-post slot). The audit entry goes in the delete's own
 * transaction: a read and one write in all.
 */
export async function deletePost(deps: DeletePostDeps, userId: string, postId: string): Promise<Post> {
  const post = await withOptimisticRetry(async () => {
    const current = await getPost(deps, userId, postId);
    if (current.status === 'publishing') {
      throw new ConflictError('This post is being published right now; wait a minute, then delete it.', 'POST_PUBLISHING');
    }
    const audit = { event: { type: 'post.deleted' as const, data: { postId, status: current.status } }, at: deps.clock.now() };
    const media = (current.media ?? []).map((m) => m.id);
    await deps.posts.delete(userId, postId, expectedOf(current), media.length > 0 ? { audit, media: { delete: media } } : { audit });
    return current;
  });
  // Media goes with its post: the items went in the same transaction, the bytes now.
  const keys = (post.media ?? []).map((m) => mediaObjectKey(userId, m.id));
  if (keys.length > 0 && deps.storage) {
    const storage = deps.storage;
    // The post is gone either way; should the delete fail, the bucket's lifecycle removes what is marked unattached.
    await storage.delete(keys).catch(() => storage.markAttached(keys, false).catch(() => undefined));
  }
  // After the delete, not before: should this fail, the schedule fires for a post that is gone and is ignored.
  if (post.status === 'scheduled') await deps.scheduler.cancel(publishMessageFor(post));
  return post;
}
