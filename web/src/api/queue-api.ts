import type { ApiClient } from './api-client';
import type { PostView } from '@contract/api/posts';
import type { EvergreenInputView, QueueView, ReorderInputView, ScheduleInputView, ScheduleView } from '@contract/api/queue';

/** The queue's endpoints (issue 13): posting times, the queue, reordering, pause and resume, evergreen posts. */
export interface QueueApi {
  getSchedule(): Promise<ScheduleView>;
  /** `reslot`: move the queued posts onto the new times too (else they keep theirs). */
  saveSchedule(input: ScheduleInputView): Promise<ScheduleView>;
  list(query?: { limit?: number; cursor?: string }): Promise<QueueView>;
  /** Queues the post at the next free slot: 409 like scheduling (LinkedIn, the plan's cap), or QUEUE_HAS_NO_SLOTS. */
  add(postId: string): Promise<PostView>;
  /** Moves a queued post to a slot; a post already there swaps times. 409 QUEUE_CHANGED: reload. */
  reorder(input: ReorderInputView): Promise<{ items: PostView[] }>;
  pause(): Promise<ScheduleView>;
  resume(): Promise<ScheduleView>;
  setEvergreen(postId: string, input: EvergreenInputView): Promise<PostView>;
  stopEvergreen(postId: string): Promise<PostView>;
}

export function createQueueApi(client: ApiClient): QueueApi {
  const postPath = (id: string, action: string) => `/v1/posts/${encodeURIComponent(id)}${action}`;
  return {
    getSchedule: () => client.request<ScheduleView>('GET', '/v1/me/schedule'),
    saveSchedule: (input) => client.request<ScheduleView>('PUT', '/v1/me/schedule', { json: input }),
    list: (query = {}) => client.request<QueueView>('GET', '/v1/queue', { query: { limit: query.limit, cursor: query.cursor } }),
    add: (postId) => client.request<PostView>('POST', postPath(postId, '/queue')),
    reorder: (input) => client.request<{ items: PostView[] }>('POST', '/v1/queue/reorder', { json: input }),
    pause: () => client.request<ScheduleView>('POST', '/v1/queue/pause'),
    resume: () => client.request<ScheduleView>('POST', '/v1/queue/resume'),
    setEvergreen: (postId, input) => client.request<PostView>('PUT', postPath(postId, '/evergreen'), { json: input }),
    stopEvergreen: (postId) => client.request<PostView>('DELETE', postPath(postId, '/evergreen')),
  };
}
