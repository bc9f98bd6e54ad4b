import { API_KEY_NAMES } from '../../contract/usage-plans';
import { evergreenMessageFor, publishMessageFor, type ScheduledMessage } from '../publishing/publish-message';
import type { AccountDeletionStore, DeletionRecord } from '../ports/account-deletion-store';
import type { ApiKeyProvisioner } from '../ports/api-key-provisioner';
import type { AuthorizerCache } from '../ports/authorizer-cache';
import type { Clock } from '../ports/clock';
import type { IdentityDirectory } from '../ports/identity-directory';
import type { OAuthStateStore } from '../ports/oauth-state-store';
import type { PostScheduler } from '../ports/post-scheduler';
import type { StoredObjectEraser } from '../ports/stored-object-eraser';
import type { UserDataStore } from '../ports/user-data-store';
import { IN_FLIGHT_SECONDS, type DeletionStepName } from './deletion-step-names';

export interface DeletionDeps {
  records: AccountDeletionStore;
  /** The user's partition, swept whatever its item kinds. */
  data: UserDataStore;
  identities: IdentityDirectory;
  authorizerCache: AuthorizerCache;
  scheduler: Pick<PostScheduler, 'remove'>;
  oauthStates: Pick<OAuthStateStore, 'eraseUser'>;
  apiKeys: Pick<ApiKeyProvisioner, 'deleteKey'>;
  /**
   * Objects the user owns outside the table, one eraser per kind (the media
   * bucket's files), in both composition roots (wiring/aws/deletion-deps.ts,
   * wiring/local/local-deps.ts).
   */
  storedObjects: readonly StoredObjectEraser[];
  clock: Clock;
}

export type StepResult = { status: 'done' } | { status: 'wait'; until: string; reason: string };

export interface StepContext {
  deps: DeletionDeps;
  record: DeletionRecord;
  /** Milliseconds the invocation has left (Lambda); a long step stops early and asks to be run again. */
  remainingMs: () => number;
}

/** Below this much time left, a sweep stops after its page and the job continues in a fresh invocation. */
const MIN_REMAINING_MS = 20_000;
/** Schedules deleted at once: EventBridge Scheduler's API allows tens of calls a second per account. */
const SCHEDULE_REMOVALS_AT_ONCE = 5;

/**
 * The deletion job, step by step (names and order: deletion-step-names.ts).
 * Before the first one, DELETE /v1/me has already deleted the profile in the
 * same transaction that wrote the record, so from then on every store refuses
 * the user's writes (an edit is refused by the read of the profile it makes
 * with the post: WriteOptions.ownerChecked) and the authorizer no longer finds
 * the account.
 *
 * To erase another kind of thing: data under `USER#<uid>` needs nothing (the
 * sweep is generic); objects outside the table get a StoredObjectEraser; other
 * items of the table outside the user's partition get a line in `elsewhere`.
 */
export const DELETION_STEPS: Record<DeletionStepName, (context: StepContext) => Promise<StepResult>> = {
  /** No new tokens, no refresh: the identity (Cognito user, local identity) goes first, so the email is free for a new account. */
  identity: async ({ deps, record }) => {
    await deps.identities.deleteIdentity(record.userId);
    return done();
  },

  /** Every cached authorization is dropped: each session's next request meets the authorizer, which finds no account. */
  sessions: async ({ deps }) => {
    await deps.authorizerCache.flush();
    return done();
  },

  /** Everything under USER#<uid>: posts (their schedules first), connection and encrypted token, voice, counters, audit, and any kind added later. */
  'user-data': (context) => eraseUserData(context),

  /** The user's items outside their partition. */
  elsewhere: async ({ deps, record }) => {
    await deps.oauthStates.eraseUser(record.userId);
    // MAIL (issue 12): per-user items outside USER#<uid> (if any) are erased here.
    return done();
  },

  /** Files outside the table (the media bucket), found by the user's prefix, orphans included. */
  'stored-objects': (context) => eraseStoredObjects(context),

  /**
   * The user's own API key (which takes it out of its usage plan), by name, so
   * an orphan of a crashed provisioning goes too; and their slot of the key
   * budget. A pooled key is shared by other users and stays: the user's tie to
   * it was their profile.
   */
  'api-key': async ({ deps, record }) => {
    await deps.apiKeys.deleteKey(API_KEY_NAMES.user(record.userId));
    if (record.heldKeySlot) await deps.records.releaseKeySlot(record.userId);
    return done();
  },

  /** Again, for an authorization cached by a request that was being authorized during the first flush. */
  'sessions-again': async ({ deps }) => {
    await deps.authorizerCache.flush();
    return done();
  },

  /**
   * Once nothing can be in flight any more, one last sweep: a usage counter
   * written by a request already past the gateway goes too, and a file uploaded
   * since the first erasure (with a signed URL handed out before the deletion).
   */
  'final-sweep': async (context) => {
    const { deps, record } = context;
    const flushedAt = record.steps['sessions-again'];
    const quietFrom = flushedAt ? Date.parse(flushedAt) + IN_FLIGHT_SECONDS * 1000 : 0;
    if (deps.clock.now().getTime() < quietFrom) return wait(new Date(quietFrom), 'requests already past the gateway may still be running');
    const result = await eraseUserData(context);
    if (result.status !== 'done') return result;
    await deps.oauthStates.eraseUser(record.userId);
    return eraseStoredObjects(context);
  },
};

async function eraseStoredObjects({ deps, record }: StepContext): Promise<StepResult> {
  for (const eraser of deps.storedObjects) {
    if ((await eraser.eraseAll(record.userId)) === 'more') return wait(deps.clock.now(), `more ${eraser.kind} to erase`);
  }
  return done();
}

/**
 * Sweeps the user's partition page by page. A post's schedule is deleted
 * before the post. A post being published (its lease running) is left for its
 * publisher to finish: LinkedIn may already have it, and the publisher's own
 * writes are refused now that the profile is gone, so it can only end; the
 * step waits until the lease is over and sweeps again. No post is claimed
 * after the profile is gone (a claim is a post write), so nothing is published
 * after the account is.
 */
async function eraseUserData({ deps, record, remainingMs }: StepContext): Promise<StepResult> {
  const now = deps.clock.now();
  let leaseEnd = 0;
  let after: string | undefined;
  do {
    if (remainingMs() < MIN_REMAINING_MS) return wait(now, 'out of time in this invocation');
    const page = await deps.data.page(record.userId, after);
    const erase: string[] = [];
    const schedules: ScheduledMessage[] = [];
    for (const { ref, record: stored } of page.items) {
      if (stored.kind === 'post') {
        const { post } = stored;
        const lease = post.status === 'publishing' && post.leaseUntil ? Date.parse(post.leaseUntil) : 0;
        if (lease > now.getTime()) {
          leaseEnd = Math.max(leaseEnd, lease);
          continue;
        }
        if (post.status === 'scheduled' && post.scheduledAt) schedules.push(publishMessageFor(post));
        // An evergreen post's next run has a schedule of its own (core/queue/evergreen.ts).
        if (post.status === 'published' && post.evergreen) schedules.push(evergreenMessageFor(post));
      }
      erase.push(ref);
    }
    for (let i = 0; i < schedules.length; i += SCHEDULE_REMOVALS_AT_ONCE) {
      await Promise.all(schedules.slice(i, i + SCHEDULE_REMOVALS_AT_ONCE).map((message) => deps.scheduler.remove(message)));
    }
    await deps.data.erase(record.userId, erase);
    after = page.next;
  } while (after);
  return leaseEnd > 0 ? wait(new Date(leaseEnd + 1000), 'a post is being published; its publisher finishes or its lease ends') : done();
}

function done(): StepResult {
  return { status: 'done' };
}

function wait(until: Date, reason: string): StepResult {
  return { status: 'wait', until: until.toISOString(), reason };
}
