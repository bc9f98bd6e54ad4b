import { BUSINESS_EVENTS } from '../contract/metric-names';
import { DEFAULT_CHANNEL } from '../contract/api/queue';
import { TIERS } from '../contract/tiers';
import type { Post } from '../core/posts/post';
import { toScheduleView } from '../core/queue/posting-schedule';
import { evergreenSchema, queueListSchema, reorderSchema, scheduleInputSchema } from '../core/queue/queue-input';
import { loadSchedule } from '../core/queue/queue-slots';
import { listQueue, pauseQueue, queuePost, resumeQueue, type QueueDeps } from '../core/queue/queue-use-cases';
import { reorderQueue, saveSchedule } from '../core/queue/queue-reorder';
import { setEvergreen, stopEvergreen } from '../core/queue/evergreen-settings';
import type { RouteTable } from './http/http-api';
import { logger } from './powertools';

/**
 * The queue's routes (issue 13), served by the queue function (queue-api.ts): the posting
 * schedule, adding to the queue, the queue itself, reordering, pause and
 * resume, and evergreen posts. Every one is about the user's only channel for
 * now (DEFAULT_CHANNEL); a `channel` will be a parameter once there are more.
 */
export function queueRoutes(deps: QueueDeps, view: (post: Post) => Promise<unknown>, views: (posts: Post[]) => Promise<unknown[]>): RouteTable {
  const channel = DEFAULT_CHANNEL;
  return {
    'GET /v1/me/schedule': async (req) => {
      const { schedule, zone } = await loadSchedule(deps, req.userId(), channel);
      return { status: 200, body: toScheduleView(schedule, zone) };
    },
    'PUT /v1/me/schedule': async (req) => {
      return { status: 200, body: await saveSchedule(deps, req.userId(), req.body(scheduleInputSchema), channel) };
    },
    'POST /v1/posts/{id}/queue': async (req) => {
      const post = await queuePost(deps, req.userId(), req.pathParameter('id'), TIERS[req.tier()].maxScheduledPosts, channel, () =>
        logger.info(BUSINESS_EVENTS.postScheduled, { postId: req.pathParameter('id') }),
      );
      return { status: 200, body: await view(post) };
    },
    'GET /v1/queue': async (req) => {
      const page = await listQueue(deps, req.userId(), req.query(queueListSchema), channel);
      const shown = await views(page.items.flatMap((item) => (item.post ? [item.post] : [])));
      let next = 0;
      const items = page.items.map((item) => ({ at: item.at, post: item.post ? shown[next++] : null }));
      return { status: 200, body: { channel: page.channel, paused: page.paused, items, nextCursor: page.nextCursor } };
    },
    'POST /v1/queue/reorder': async (req) => {
      const moved = await reorderQueue(deps, req.userId(), req.body(reorderSchema), channel);
      return { status: 200, body: { items: await views(moved) } };
    },
    'POST /v1/queue/pause': async (req) => ({ status: 200, body: await pauseQueue(deps, req.userId(), channel) }),
    'POST /v1/queue/resume': async (req) => ({ status: 200, body: await resumeQueue(deps, req.userId(), channel) }),
    'PUT /v1/posts/{id}/evergreen': async (req) => {
      return { status: 200, body: await view(await setEvergreen(deps, req.userId(), req.pathParameter('id'), req.body(evergreenSchema))) };
    },
    'DELETE /v1/posts/{id}/evergreen': async (req) => {
      return { status: 200, body: await view(await stopEvergreen(deps, req.userId(), req.pathParameter('id'))) };
    },
  };
}
