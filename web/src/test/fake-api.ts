import { POST_STATUSES, isSchedulable } from '@contract/api/posts';
import { EXPORT_FORMAT } from '@contract/api/account';
import { ApiError } from '../api/api-error';
import { FakeQueueApi } from './fake-queue-api';
import type { MediaKind } from '@contract/api/media';
import type {
  CreatedMedia,
  DraftRequest,
  DraftResult,
  LinkedInStatus,
  ListPostsQuery,
  MarkApi,
  Me,
  Media,
  Notifications,
  Post,
  PostExtras,
  PostPage,
  ScheduledPost,
  ScheduleWarning,
  Usage,
  Voice,
} from '../api/mark-api';

const NOT_CONNECTED: LinkedInStatus = { connected: false, needsReconnect: false, name: null, pictureUrl: null, memberUrn: null, expiresAt: null };

/**
 * An in-memory MarkApi that keeps the contract's rules the UI depends on:
 * newest first, cursor paging, calendar ranges, version checks (409
 * VERSION_MISMATCH), the schedule window and its 409 codes, the AI quota
 * (429 with Retry-After), 404 for unknown ids. Tests reach in (`posts`,
 * `failNext`, `settle`, `user`) to stage situations.
 */
export class FakeApi implements MarkApi {
  posts: Post[] = [];
  calls: string[] = [];
  voice: Voice = { styleProfile: null, examples: [] };
  notifications: Notifications = { email: 'ada@example.com', preferences: { postFailed: true, linkedinReconnect: true, weeklySummary: false }, suppressed: false };
  usageNow: Usage = {
    tier: 'free',
    limits: { rateLimit: 5, burstLimit: 10, requestsPerDay: 2000, aiGenerationsPerDay: 10, maxScheduledPosts: 10 },
    today: { requests: 12, aiGenerations: 0 },
    scheduledPosts: 0,
    resetsAt: '2026-03-29T00:00:00.000Z',
  };
  /** Set once deleteAccount succeeded: every later call is a 401 ACCOUNT_DELETED. */
  deleted = false;
  /** The LinkedIn authorize page connectLinkedIn sends the browser to. */
  authorizationUrl = 'https://www.linkedin.com/oauth/v2/authorization?client_id=fake';
  /** The queue's endpoints over these posts (fake-queue-api.ts). */
  readonly queue: FakeQueueApi = new FakeQueueApi(this);
  private nextId = 1;
  private failures: { method: keyof MarkApi; error: ApiError }[] = [];

  constructor(
    /** The account, less the post counts, which `me()` counts from `posts` as the API keeps them. */
    readonly user: Omit<Me, 'postCounts'> = {
      userId: 'u-1',
      email: 'ada@example.com',
      tier: 'free',
      createdAt: '2026-01-01T00:00:00.000Z',
      timezone: 'UTC',
      linkedin: { ...NOT_CONNECTED },
    },
    readonly now: () => Date = () => new Date(),
  ) {}

  /** Connects LinkedIn as Ada Lovelace, valid for `days`. */
  connect(days = 60): void {
    this.user.linkedin = {
      connected: true,
      needsReconnect: false,
      name: 'Ada Lovelace',
      pictureUrl: null,
      memberUrn: 'urn:li:person:ada',
      expiresAt: new Date(this.now().getTime() + days * 86_400_000).toISOString(),
    };
  }

  seed(count: number, status: Post['status'] = 'draft', fields: Partial<Post> = {}): Post[] {
    const made: Post[] = [];
    for (let i = 0; i < count; i++) made.push(this.insert(`Seeded post ${this.nextId}`, status, fields));
    return made;
  }

  /** The next create is made, but its answer never comes (a timeout): pressed again, a client must not make a second post. */
  loseNextCreateAnswer(): void {
    this.createAnswerLost = true;
  }

  private createAnswerLost = false;

  /** The next call of `method` fails with `error`. */
  failNext(method: keyof MarkApi, error: ApiError): void {
    this.failures.push({ method, error });
  }

  /** Someone else saves the post (its version moves on). */
  editElsewhere(id: string, content: string): void {
    const post = this.find(id);
    Object.assign(post, { content, version: post.version + 1 });
  }

  /** The publisher takes a due post: it is publishing until it settles. */
  claim(id: string): void {
    const post = this.find(id);
    Object.assign(post, { status: 'publishing', updatedAt: this.now().toISOString(), version: post.version + 1 });
  }

  /** The publisher finishes with a post: published with a URN, or failed with a reason. */

  settle(id: string, outcome: { published: string } | { failed: { code: string; message: string } }): void {
    const post = this.find(id);
    const now = this.now().toISOString();
    if ('published' in outcome) {
      Object.assign(post, { status: 'published', publishedAt: now, linkedinUrn: outcome.published, linkedinUrl: `https://www.linkedin.com/feed/update/${outcome.published}`, error: null });
    } else {
      Object.assign(post, { status: 'failed', error: outcome.failed });
    }
    Object.assign(post, { updatedAt: now, version: post.version + 1 });
  }

  /** GET /v1/me as it would answer now. */
  meView(): Me {
    const postCounts = Object.fromEntries(POST_STATUSES.map((status) => [status, this.posts.filter((p) => p.status === status).length])) as Me['postCounts'];
    return structuredClone({ ...this.user, postCounts });
  }

  async me(): Promise<Me> {
    this.check('me');
    this.calls.push('me');
    return this.meView();
  }

  async updateMe(changes: { timezone: string }): Promise<Me> {
    this.check('updateMe');
    this.calls.push(`updateMe ${changes.timezone}`);
    this.user.timezone = changes.timezone;
    return this.meView();
  }

  async usage(): Promise<Usage> {
    this.check('usage');
    return structuredClone({ ...this.usageNow, scheduledPosts: this.posts.filter((p) => p.status === 'scheduled').length });
  }

  async getNotifications(): Promise<Notifications> {
    this.check('getNotifications');
    return structuredClone(this.notifications);
  }

  async updateNotifications(changes: Partial<Notifications['preferences']>): Promise<Notifications> {
    this.check('updateNotifications');
    this.calls.push(`notifications ${JSON.stringify(changes)}`);
    this.notifications.preferences = { ...this.notifications.preferences, ...changes };
    return structuredClone(this.notifications);
  }

  async getVoice(): Promise<Voice> {
    this.check('getVoice');
    return structuredClone(this.voice);
  }

  async putVoice(voice: Voice): Promise<Voice> {
    this.check('putVoice');
    this.voice = structuredClone(voice);
    return structuredClone(voice);
  }

  async listPosts(query: ListPostsQuery): Promise<PostPage> {
    this.check('listPosts');
    this.calls.push(`list ${query.status ?? 'all'} ${query.cursor ?? '-'}${query.from ? ` ${query.from}..${query.to}` : ''}`);
    const matching = this.posts.filter((p) => {
      if (query.status && p.status !== query.status) return false;
      if (!query.from || !query.to) return true;
      const at = Date.parse((p.status === 'published' ? p.publishedAt : p.scheduledAt) ?? p.updatedAt);
      return at >= Date.parse(query.from) && at < Date.parse(query.to);
    });
    const start = query.cursor ? Number(query.cursor) : 0;
    const limit = query.limit ?? 20;
    const items = matching.slice(start, start + limit);
    return { items: structuredClone(items), nextCursor: start + limit < matching.length ? String(start + limit) : null };
  }

  async getPost(id: string): Promise<Post> {
    this.check('getPost');
    return structuredClone(this.find(id));
  }

  async createPost(content: string, { id, ...extras }: PostExtras & { id?: string } = {}): Promise<Post> {
    this.check('createPost');
    // The API's answer to a create sent again under the id it made: that post, not a second one; another post under a taken id is refused.
    const earlier = id === undefined ? undefined : this.posts.find((p) => p.id === id);
    if (earlier) {
      const held = (post: Partial<Post>) => JSON.stringify([post.content, post.media ?? [], post.poll ?? null, post.documentTitle ?? null]);
      if (held(earlier) === held({ content: content.trim(), ...this.extrasOf(extras) })) return structuredClone(earlier);
      throw new ApiError(409, 'POST_ID_TAKEN', 'A different post already has this id: make a new id for a new post.');
    }
    this.calls.push(extras.media?.length ? `create with ${extras.media.map((m) => `${m.id}:${m.altText}`).join(',')}` : extras.poll ? 'create with poll' : 'create');
    const made = structuredClone(this.insert(content.trim(), 'draft', { ...this.extrasOf(extras), ...(id === undefined ? {} : { id }) }));
    if (this.createAnswerLost) {
      this.createAnswerLost = false;
      throw new ApiError(0, 'TIMEOUT', 'Mark.0 did not answer in time; check your connection and try again.');
    }
    return made;
  }

  /** Media the fake stores: created pending, ready once completed (no bytes are checked here). */
  readonly media = new Map<string, Media>();

  async createMedia(input: { kind: MediaKind; contentType: string; size: number; fileName: string }): Promise<CreatedMedia> {
    this.check('createMedia');
    const id = `${{ image: 'img_', document: 'doc_', video: 'vid_' }[input.kind]}${String(this.nextId++).padStart(26, '0')}`;
    const media: Media = { id, ...input, status: 'pending', width: null, height: null, pages: null, durationSeconds: null, previewUrl: null, postId: null, createdAt: this.now().toISOString() };
    this.media.set(id, media);
    return { ...structuredClone(media), upload: { url: `https://uploads.test/${id}`, method: 'PUT', headers: { 'Content-Type': input.contentType }, expiresAt: this.now().toISOString() } };
  }

  async completeMedia(id: string): Promise<Media> {
    this.check('completeMedia');
    const media = this.media.get(id);
    if (!media) throw new ApiError(404, 'NOT_FOUND', `No media with id "${id}" in your account.`);
    Object.assign(media, { status: 'ready', previewUrl: `blob:preview-${id}` });
    return structuredClone(media);
  }

  async getMedia(id: string): Promise<Media> {
    this.check('getMedia');
    const media = this.media.get(id);
    if (!media) throw new ApiError(404, 'NOT_FOUND', `No media with id "${id}" in your account.`);
    return structuredClone(media);
  }

  async deleteMedia(id: string): Promise<void> {
    this.check('deleteMedia');
    this.media.delete(id);
  }

  private extrasOf(extras: PostExtras): Partial<Post> {
    const fields: Partial<Post> = {};
    if (extras.media) fields.media = extras.media.map((m) => ({ ...m, kind: this.media.get(m.id)?.kind ?? 'image', previewUrl: `blob:preview-${m.id}` }));
    if (extras.poll !== undefined) fields.poll = extras.poll;
    if (extras.documentTitle !== undefined) fields.documentTitle = extras.documentTitle;
    return fields;
  }

  async updatePost(id: string, content: string, version?: number, extras: PostExtras = {}): Promise<Post> {
    this.check('updatePost');
    this.calls.push(`update ${id} v${version ?? '-'}`);
    const post = this.find(id);
    if (version !== undefined && version !== post.version) {
      throw new ApiError(409, 'VERSION_MISMATCH', `The post changed since you loaded it (you had version ${version}, it is now ${post.version}). Reload it to see the latest text.`);
    }
    Object.assign(post, { content: content.trim(), version: post.version + 1, updatedAt: this.now().toISOString(), ...this.extrasOf(extras) });
    return structuredClone(post);
  }

  async deletePost(id: string): Promise<void> {
    this.check('deletePost');
    this.find(id);
    this.posts = this.posts.filter((p) => p.id !== id);
  }

  async schedulePost(id: string, scheduledAt: string): Promise<ScheduledPost> {
    this.check('schedulePost');
    this.calls.push(`schedule ${id} ${scheduledAt}`);
    const post = this.find(id);
    const ahead = Date.parse(scheduledAt) - this.now().getTime();
    if (!(ahead >= 60_000 && ahead <= 365 * 86_400_000)) {
      throw new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body: scheduledAt: must be between 1 minute and 365 days from now', [
        { field: 'scheduledAt', message: 'must be between 1 minute and 365 days from now' },
      ]);
    }
    const linkedin = this.user.linkedin ?? NOT_CONNECTED;
    if (!linkedin.connected) throw new ApiError(409, 'LINKEDIN_NOT_CONNECTED', 'Connect your LinkedIn account before scheduling posts.');
    if (linkedin.needsReconnect) throw new ApiError(409, 'LINKEDIN_RECONNECT_REQUIRED', 'Reconnect your LinkedIn account: LinkedIn no longer accepts the current connection.');
    if (!isSchedulable(post.status)) throw new ApiError(409, 'POST_NOT_SCHEDULABLE', `A ${post.status} post cannot be scheduled.`);
    Object.assign(post, { status: 'scheduled', scheduledAt: new Date(scheduledAt).toISOString(), error: null, version: post.version + 1, updatedAt: this.now().toISOString() });
    // As the API warns: the connection ends before the post's time.
    const warnings: ScheduleWarning[] =
      linkedin.expiresAt && Date.parse(linkedin.expiresAt) < Date.parse(scheduledAt)
        ? [{ code: 'LINKEDIN_EXPIRES_BEFORE', message: `Your LinkedIn connection expires on ${linkedin.expiresAt.slice(0, 10)} (UTC), before this post's time.` }]
        : [];
    return structuredClone({ ...post, warnings });
  }

  async unschedulePost(id: string): Promise<Post> {
    this.check('unschedulePost');
    const post = this.find(id);
    Object.assign(post, { status: 'draft', scheduledAt: null, version: post.version + 1 });
    return structuredClone(post);
  }

  async publishPost(id: string): Promise<Post> {
    this.check('publishPost');
    this.calls.push(`publish ${id}`);
    const post = this.find(id);
    if (!isSchedulable(post.status)) throw new ApiError(409, 'POST_NOT_PUBLISHABLE', `A ${post.status} post cannot be published again.`);
    // As the API does: the post is made due now (scheduled at this second) and queued; the publisher takes it from there.
    Object.assign(post, { status: 'scheduled', scheduledAt: this.now().toISOString(), queue: null, error: null, version: post.version + 1 });
    return structuredClone(post);
  }

  async connectLinkedIn(returnTo: string): Promise<{ authorizationUrl: string }> {
    this.check('connectLinkedIn');
    this.calls.push(`connect ${returnTo}`);
    return { authorizationUrl: this.authorizationUrl };
  }

  /** Completes as the API does for the account that started the connection (stage a 403 or 400 with failNext). */
  async completeLinkedIn(code: string, state: string): Promise<{ linkedin: LinkedInStatus; returnTo: string }> {
    this.check('completeLinkedIn');
    this.calls.push(`complete ${code} ${state}`);
    this.connect();
    return { linkedin: structuredClone(this.user.linkedin!), returnTo: '/settings' };
  }

  async disconnectLinkedIn(): Promise<void> {
    this.check('disconnectLinkedIn');
    this.user.linkedin = { ...NOT_CONNECTED };
  }

  async generateDrafts(request: DraftRequest): Promise<DraftResult> {
    this.check('generateDrafts');
    this.calls.push(`generate ${JSON.stringify(request)}`);
    const { today, limits, resetsAt } = this.usageNow;
    if (today.aiGenerations >= limits.aiGenerationsPerDay) {
      const seconds = Math.ceil((Date.parse(resetsAt) - this.now().getTime()) / 1000);
      throw new ApiError(429, 'AI_QUOTA_EXCEEDED', `You have used your ${limits.aiGenerationsPerDay} AI drafts for today.`, [], seconds);
    }
    today.aiGenerations++;
    const count = request.variants ?? 1;
    return {
      variants: Array.from({ length: count }, (_, i) => ({ content: `Variant ${i + 1} about ${request.topic}.` })),
      usage: { used: today.aiGenerations, limit: limits.aiGenerationsPerDay, resetsAt },
    };
  }

  private insert(content: string, status: Post['status'], fields: Partial<Post> = {}): Post {
    const id = `P${String(this.nextId++).padStart(25, '0')}`;
    const now = new Date(Date.UTC(2026, 0, 1, 12, this.nextId)).toISOString();
    const post: Post = {
      id,
      content,
      status,
      statusDetail: null,
      media: [],
      poll: null,
      documentTitle: null,
      scheduledAt: null,
      publishedAt: null,
      linkedinUrn: null,
      linkedinUrl: null,
      error: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
      ...fields,
    };
    this.posts.unshift(post);
    return post;
  }

  private find(id: string): Post {
    const post = this.posts.find((p) => p.id === id);
    if (!post) throw new ApiError(404, 'NOT_FOUND', `No post with id "${id}" in your account.`);
    return post;
  }

  async exportData(): Promise<Blob> {
    this.check('exportData');
    this.calls.push('exportData');
    const document = { format: EXPORT_FORMAT, account: { userId: this.user.userId, email: this.user.email }, posts: this.posts, voice: this.voice, complete: true };
    return new Blob([JSON.stringify(document)], { type: 'application/json' });
  }

  async deleteAccount(confirm: string): Promise<{ status: 'deleting'; requestedAt: string; message: string }> {
    this.check('deleteAccount');
    this.calls.push(`deleteAccount ${confirm}`);
    if (confirm.trim().toLowerCase() !== this.user.email.toLowerCase()) {
      throw new ApiError(400, 'VALIDATION_ERROR', "confirm does not match this account's email address.", [{ field: 'confirm', message: "must be your account's email address" }]);
    }
    this.deleted = true;
    return { status: 'deleting', requestedAt: this.now().toISOString(), message: 'Your account is deleted and its data is being erased.' };
  }

  private check(method: keyof MarkApi): void {
    if (this.deleted) throw new ApiError(401, 'ACCOUNT_DELETED', 'This account has been deleted. Sign in again to start a new, empty account.');
    const index = this.failures.findIndex((f) => f.method === method);
    if (index >= 0) throw this.failures.splice(index, 1)[0]!.error;
  }
}
