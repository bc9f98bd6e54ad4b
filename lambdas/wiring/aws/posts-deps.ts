import { linkedinPostUrlBase, required } from '../config';
import { accountReader, auditLog, connectionStore, metering, postStore, queueStore, userStore, type Warn } from './aws-deps';
import { secretEnv } from './secret-env';
import { postSchedulerFrom } from './post-scheduler';
import { ENV } from '../../contract/environment';
import { publishQueueFrom } from './publish-queue';
import { mediaStorage, mediaStore } from './media-storage';

/** The posts function: the table, EventBridge Scheduler (schedules) and SQS (publish now). */
export async function postsDeps(warn: Warn) {
  const e = await secretEnv();
  return {
    posts: await postStore(required(e, ENV.cursorSigningKey)),
    connections: await connectionStore(),
    accounts: await accountReader(),
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
