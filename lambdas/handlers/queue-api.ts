import type { QueueDeps } from '../core/queue/queue-use-cases';
import { httpApi, lazyHandler, type ProxyHandler } from './http/http-api';
import type { MeteringDeps } from './http/request-metering';
import { logger } from './powertools';
import { postViews, type PostViewDeps, type PreviewSigner } from './post-views';
import { queueRoutes } from './queue-routes';
import { queueDeps } from '../wiring/aws/queue-deps';

export interface QueueApiDeps extends Omit<QueueDeps, 'storage'>, MeteringDeps, PostViewDeps {
  /** Previews of the posts it shows; nothing else of the media bucket. */
  storage?: PreviewSigner;
}

/**
 * The queue function (issue 13, a function of its own since issue 15): the
 * posting schedule, adding a post to the queue, the queue, reordering, pause
 * and resume, and evergreen posts' settings. Apart from the posts function so
 * that neither bundle carries the other's code (README "Smaller functions").
 */
export function createQueueApi(deps: QueueApiDeps): ProxyHandler {
  const { view, views } = postViews(deps);
  return httpApi(queueRoutes(deps, view, views), deps);
}

export const handler = lazyHandler(async () => {
  return createQueueApi(await queueDeps((message, details) => logger.warn(message, details)));
});
