

import type { TierName } from '@contract/tiers';

import type { ApiClient } from './api-client';
import { createQueueApi, type QueueApi } from './queue-api';
import type { PostStatus, PostView, ScheduledPostView, ScheduleWarning } from '@contract/api/posts';
import type { AccountDeletionView, LinkedInView, UsageView, MeView } from '@contract/api/account';
import type { DraftLength, DraftsInput, AiResult, AiUsage, Voice } from '@contract/api/ai';
import type { CreatedMediaView, MediaKind, MediaView, PollView } from '@contract/api/media';
import type { MailPreferences, NotificationsView } from '@contract/api/notifications';

/**
 * The API as the web app uses it, typed after the contract the backends
 * implement (docs/openapi.yaml and the brief). Page components depend on the
 * MarkApi interface; tests pass FakeApi.
 */
export type Post = PostView;
/** The answer to scheduling: the post, and what the user should know (the connection ends before its time). */
export type ScheduledPost = ScheduledPostView;
export type { PostStatus, ScheduleWarning, TierName };

/** `GET /v1/me` → `linkedin`: the connection, as the account sees it (needsReconnect: LinkedIn refused the token). */
export type LinkedInStatus = LinkedInView;

/** The account; `linkedin` is absent from an API without the LinkedIn feature. */
export type Me = MeView & { linkedin?: LinkedInStatus };

/** `GET /v1/usage`: the tier, its limits, and today's counters (UTC day). */
export type Usage = UsageView;
/** `GET/PUT /v1/me/voice`: how AI drafts should sound. */
export type { Voice, DraftLength, AiUsage };
export type DraftRequest = DraftsInput;
export type DraftResult = AiResult;

export type Media = MediaView;
export type CreatedMedia = CreatedMediaView;

/** What a post carries besides its text (absent fields stay as they are on an update). */
export interface PostExtras {
  media?: { id: string; altText: string }[];
  poll?: PollView | null;
  documentTitle?: string | null;
}

export interface PostPage {
  items: Post[];
  nextCursor: string | null;
}

export interface ListPostsQuery {
  status?: PostStatus;
  limit?: number;
  cursor?: string;
  /** Calendar ranges (scheduled and published only): sort time in [from, to), ISO instants. */
  from?: string;
  to?: string;
}

/** `GET/PATCH /v1/me/notifications`: which mails Mark.0 sends, and whether the address is suppressed. */
export type Notifications = NotificationsView;

export interface MarkApi {
  me(): Promise<Me>;
  getNotifications(): Promise<Notifications>;
  updateNotifications(changes: Partial<MailPreferences>): Promise<Notifications>;
  updateMe(changes: { timezone: string }): Promise<Me>;
  usage(): Promise<Usage>;
  getVoice(): Promise<Voice>;
  putVoice(voice: Voice): Promise<Voice>;

  listPosts(query: ListPostsQuery, signal?: AbortSignal): Promise<PostPage>;
  getPost(id: string): Promise<Post>;
  /** `id`: one the composer made for this new post, so a create sent again after a lost answer makes no second post. */
  createPost(content: string, extras?: PostExtras & { id?: string }): Promise<Post>;
  /** `version` makes the API refuse (409 VERSION_MISMATCH) if someone saved in between. */
  updatePost(id: string, content: string, version?: number, extras?: PostExtras): Promise<Post>;

  /** Announces an upload: type and size are judged here; the answer says where to PUT the bytes. */
  createMedia(input: { kind: MediaKind; contentType: string; size: number; fileName: string }): Promise<CreatedMedia>;
  /** Checks the uploaded bytes; 422 MEDIA_INVALID says what is wrong. */
  completeMedia(id: string): Promise<Media>;
  getMedia(id: string): Promise<Media>;
  deleteMedia(id: string): Promise<void>;
  deletePost(id: string): Promise<void>;
  /** Schedules, or reschedules, a post; `scheduledAt` is ISO-8601 with an offset. */
  schedulePost(id: string, scheduledAt: string): Promise<ScheduledPost>;
  unschedulePost(id: string): Promise<Post>;
  /** Publishes now (from draft, scheduled, waiting or failed: the retry); answers 202 with the post. */
  publishPost(id: string): Promise<Post>;

  /** Where to send the browser to authorize Mark.0 on LinkedIn; it comes back to `returnTo`. */
  connectLinkedIn(returnTo: string): Promise<{ authorizationUrl: string }>;
  /**
   * Finishes the connection with the code and state LinkedIn sent the browser back with.
   * 403 LINKEDIN_CONNECT_OTHER_ACCOUNT when another account started it; 400 when it was used or expired.
   */
  completeLinkedIn(code: string, state: string): Promise<{ linkedin: LinkedInStatus; returnTo: string }>;
  disconnectLinkedIn(): Promise<void>;

  generateDrafts(request: DraftRequest): Promise<DraftResult>;

  /** Everything Mark.0 stores about the user, as the JSON file `GET /v1/me/export` streams. */
  exportData(): Promise<Blob>;
  /** Deletes the account (202); `confirm` is the account's email, typed by the user. */
  deleteAccount(confirm: string): Promise<AccountDeletionView>;
  /** The queue: posting times, add to the queue, reorder, pause and resume, evergreen posts (queue-api.ts). */
  queue: QueueApi;
}

export function createMarkApi(client: ApiClient): MarkApi {
  const postPath = (id: string, action = '') => `/v1/posts/${encodeURIComponent(id)}${action}`;
  return {
    me: () => client.request<Me>('GET', '/v1/me'),
    updateMe: (changes) => client.request<Me>('PATCH', '/v1/me', { json: changes }),
    usage: () => client.request<Usage>('GET', '/v1/usage'),
    getNotifications: () => client.request<Notifications>('GET', '/v1/me/notifications'),
    updateNotifications: (changes) => client.request<Notifications>('PATCH', '/v1/me/notifications', { json: { preferences: changes } }),
    getVoice: () => client.request<Voice>('GET', '/v1/me/voice'),
    putVoice: (voice) => client.request<Voice>('PUT', '/v1/me/voice', { json: voice }),

    async listPosts(query, signal) {
      const page = await client.request<{ items: Post[]; nextCursor?: string | null }>('GET', '/v1/posts', {
        query: { status: query.status, limit: query.limit, cursor: query.cursor, from: query.from, to: query.to },
        ...(signal ? { signal } : {}),
      });
      return { items: page.items, nextCursor: page.nextCursor ?? null };
    },
    getPost: (id) => client.request<Post>('GET', postPath(id)),
    createPost: (content, extras = {}) => client.request<Post>('POST', '/v1/posts', { json: { content, ...extras } }),
    updatePost: (id, content, version, extras = {}) =>
      client.request<Post>('PATCH', postPath(id), { json: version === undefined ? { content, ...extras } : { content, version, ...extras } }),
    createMedia: (input) => client.request<CreatedMedia>('POST', '/v1/media', { json: input }),
    completeMedia: (id) => client.request<Media>('POST', `/v1/media/${encodeURIComponent(id)}/complete`),
    getMedia: (id) => client.request<Media>('GET', `/v1/media/${encodeURIComponent(id)}`),
    deleteMedia: (id) => client.request<void>('DELETE', `/v1/media/${encodeURIComponent(id)}`),
    deletePost: (id) => client.request<void>('DELETE', postPath(id)),
    schedulePost: (id, scheduledAt) => client.request<ScheduledPost>('POST', postPath(id, '/schedule'), { json: { scheduledAt } }),
    unschedulePost: (id) => client.request<Post>('POST', postPath(id, '/unschedule')),
    publishPost: (id) => client.request<Post>('POST', postPath(id, '/publish')),

    connectLinkedIn: (returnTo) => client.request<{ authorizationUrl: string }>('POST', '/v1/linkedin/connect', { json: { returnTo } }),
    completeLinkedIn: (code, state) => client.request<{ linkedin: LinkedInStatus; returnTo: string }>('POST', '/v1/linkedin/complete', { json: { code, state } }),
    disconnectLinkedIn: () => client.request<void>('DELETE', '/v1/linkedin'),

    generateDrafts: (request) => client.request<DraftResult>('POST', '/v1/ai/drafts', { json: request }),

    exportData: () => client.download('/v1/me/export'),
    deleteAccount: (confirm) => client.request<AccountDeletionView>('DELETE', '/v1/me', { json: { confirm } }),
    queue: createQueueApi(client),
  };
}
