import { linkedinPostUrlBase, required } from '../config';
import { accountReader, auditLog, connectionStore, metering, postStore, type Warn } from './aws-deps';
import { secretEnv } from './secret-env';
import { postSchedulerFrom } from './post-scheduler';
import { ENV } from '../../contract/environment';
import { publishQueueFrom } from './publish-queue';
import { mediaStorage, mediaStore } from './media-storage';

/** The posts function: the table, EventBridge Scheduler (schedules), SQS (publish now) and the media bucket (the queue's routes are the queue function's: queue-deps.ts). */
export async function postsDeps(warn: Warn) {
  const e = await secretEnv();
  return {
    posts: await postStore(required(e, ENV.cursorSigningKey)),
    connections: await connectionStore(),
    accounts: await accountReader(),
    audit: await auditLog(),
    scheduler: postSchedulerFrom(e, warn),
    queue: publishQueueFrom(e),
    media: mediaStore(e),
    storage: mediaStorage(e),
    postUrlBase: linkedinPostUrlBase(e),
    ...(await metering()),
  };
}
