import { accountReader, metering, postStore, queueStore, type Warn } from './aws-deps';
import { postSchedulerFrom } from './post-scheduler';
import { mediaPreviews } from './media-storage';
import { linkedinPostUrlBase } from '../config';

/**
 * The queue function: the table and EventBridge Scheduler (a queued post's schedule, an evergreen
 * post's runs), and the media bucket for previews (signed GETs). No app secret: the queue's cursors
 * are instants, not signed post cursors; no publish queue: nothing here publishes now. No media
 * store either: a post's media are checked when it is written (posts function); should one have
 * gone by the time it is queued, the answer is the generic "no media with id …" (core/posts/post-media.ts).
 */
export async function queueDeps(warn: Warn) {
  const e = process.env;
  return {
    posts: await postStore(),
    accounts: await accountReader(),
    queueStore: await queueStore(),
    scheduler: postSchedulerFrom(e, warn),
    storage: mediaPreviews(e),
    postUrlBase: linkedinPostUrlBase(e),
    ...(await metering()),
  };
}
