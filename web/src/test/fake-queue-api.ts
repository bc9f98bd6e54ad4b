import { ApiError } from '../api/api-error';
import type { QueueApi } from '../api/queue-api';
import type { Post } from '../api/mark-api';
import { DEFAULT_CHANNEL, DEFAULT_SLOTS, slotInstants, sortSlots, type QueueItemView, type ReorderInputView, type ScheduleView } from '@contract/api/queue';

/**
 * The queue's endpoints over FakeApi's posts, keeping the contract's rules the
 * UI depends on: the next free slot a minute ahead, swaps on reorder (409
 * QUEUE_CHANGED when `loseNextReorder`), pause and resume, evergreen on
 * published posts only.
 */
export class FakeQueueApi implements QueueApi {
  schedule: ScheduleView = { channel: DEFAULT_CHANNEL, timezone: 'UTC', slots: sortSlots(DEFAULT_SLOTS), custom: false, paused: false, pausedAt: null, updatedAt: null };
  calls: string[] = [];
  loseNextReorder = false;

  constructor(
    private readonly store: { posts: Post[]; now: () => Date; user: { timezone: string | null; linkedin?: { connected: boolean } } },
  ) {}

  private zone(): string {
    return this.store.user.timezone ?? 'UTC';
  }

  private slots(limit: number): string[] {
    const now = this.store.now();
    return slotInstants(this.schedule.slots, this.zone(), new Date(now.getTime() + 60_000), { limit, until: new Date(now.getTime() + 365 * 86_400_000) }).map((d) => d.toISOString());
  }

  private find(id: string): Post {
    const post = this.store.posts.find((p) => p.id === id);
    if (!post) throw new ApiError(404, 'NOT_FOUND', 'There is no such post.');
    return post;
  }

  async getSchedule(): Promise<ScheduleView> {
    return structuredClone({ ...this.schedule, timezone: this.zone() });
  }

  async saveSchedule(input: { slots: ScheduleView['slots']; reslot?: boolean }): Promise<ScheduleView> {
    this.calls.push(`saveSchedule ${input.slots.map((s) => `${s.day} ${s.time}`).join(', ')}${input.reslot ? ' reslot' : ''}`);
    this.schedule = { ...this.schedule, slots: sortSlots(input.slots), custom: true, updatedAt: this.store.now().toISOString() };
    return this.getSchedule();
  }

  async list(query: { limit?: number } = {}) {
    const limit = query.limit ?? 20;
    const scheduled = this.store.posts.filter((p) => p.status === 'scheduled' && p.scheduledAt);
    const items: QueueItemView[] = scheduled.map((post) => ({ at: post.scheduledAt!, post: structuredClone(post) }));
    for (const at of this.slots(limit)) if (!items.some((item) => item.at === at)) items.push({ at, post: null });
    items.sort((a, b) => a.at.localeCompare(b.at));
    return { channel: DEFAULT_CHANNEL, paused: this.schedule.paused, items: items.slice(0, limit), nextCursor: null };
  }

  async add(postId: string) {
    this.calls.push(`add ${postId}`);
    const post = this.find(postId);
    if (!this.store.user.linkedin?.connected) throw new ApiError(409, 'LINKEDIN_NOT_CONNECTED', 'Connect your LinkedIn account first (Settings, Connect LinkedIn): Mark.0 can only schedule posts it can publish.');
    const taken = new Set(this.store.posts.filter((p) => p.status === 'scheduled').map((p) => p.scheduledAt));
    const at = this.slots(200).find((slot) => !taken.has(slot));
    if (!at) throw new ApiError(409, 'QUEUE_FULL', 'Every posting time is taken.');
    Object.assign(post, { status: 'scheduled', scheduledAt: at, queue: DEFAULT_CHANNEL, version: post.version + 1 });
    return structuredClone(post);
  }

  async reorder(input: ReorderInputView) {
    this.calls.push(`reorder ${input.postId} ${input.at}${input.swapWith ? ` swap ${input.swapWith}` : ''}`);
    if (this.loseNextReorder) {
      this.loseNextReorder = false;
      throw queueChanged();
    }
    const post = this.find(input.postId);
    const other = this.store.posts.find((p) => p.status === 'scheduled' && p.scheduledAt === input.at && p.id !== post.id);
    // As the API: the swap happens only with the post the client saw there.
    if (input.swapWith && other?.id !== input.swapWith) throw queueChanged();
    const from = post.scheduledAt;
    Object.assign(post, { scheduledAt: input.at, version: post.version + 1 });
    if (other) Object.assign(other, { scheduledAt: from, version: other.version + 1 });
    return { items: [structuredClone(post), ...(other ? [structuredClone(other)] : [])] };
  }

  async pause() {
    this.calls.push('pause');
    this.schedule = { ...this.schedule, paused: true, pausedAt: this.store.now().toISOString() };
    return this.getSchedule();
  }

  async resume() {
    this.calls.push('resume');
    this.schedule = { ...this.schedule, paused: false, pausedAt: null };
    return this.getSchedule();
  }

  async setEvergreen(postId: string, input: { gapDays: number; approval: 'auto' | 'approve' }) {
    this.calls.push(`setEvergreen ${postId} ${input.gapDays} ${input.approval}`);
    const post = this.find(postId);
    if (post.status !== 'published') throw new ApiError(409, 'POST_NOT_PUBLISHED', 'Only a published post can be evergreen.');
    const nextAt = new Date(this.store.now().getTime() + input.gapDays * 86_400_000).toISOString();
    Object.assign(post, { evergreen: { ...input, nextAt, lastProblem: null }, version: post.version + 1 });
    return structuredClone(post);
  }

  async stopEvergreen(postId: string) {
    this.calls.push(`stopEvergreen ${postId}`);
    const post = this.find(postId);
    Object.assign(post, { evergreen: null, version: post.version + 1 });
    return structuredClone(post);
  }
}

/** The API's answer to a reorder that lost a race, or named a post no longer at that time. */
function queueChanged(): ApiError {
  return new ApiError(409, 'QUEUE_CHANGED', 'The queue changed while you were moving this post. Reload the queue and try again.');
}
