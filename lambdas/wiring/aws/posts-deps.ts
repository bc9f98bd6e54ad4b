import { linkedinPostUrlBase } from '../config';
import { auditLog, connectionStore, env, metering, postStore, queueStore, userStore, type Warn } from './aws-deps';
import { postSchedulerFrom } from './post-scheduler';
import { publishQueueFrom } from './publish-queue';
import { mediaStorage, mediaStore } from './media-storage';

/** The posts function: the table, EventBridge Scheduler (schedules) and SQS (publish now). */
export async function postsDeps(warn: Warn) {
  const e = await env();
  return {
    posts: await postStore(true),
    connections: await connectionStore(),
    users: await userStore(),
    queueStore: await queueStore(),
    audit: await auditLog(),
    scheduler: postSchedulerFrom(e, warn),
    queue: publishQueueFrom(e),
    media: mediaStore(e),
    storage: mediaStorage(e),
    postUrlBase: linkedinPostUrlBase(e),
    ...(await metering()),
  };
}
