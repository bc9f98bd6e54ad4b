import type { LinkedInConnection } from '../linkedin/connection';
import type { Post } from '../posts/post';
import type { UserProfile } from '../users/user';
import type { PostingSchedule } from '../queue/posting-schedule';
import type { TakenInstants } from './queue-store';

/** Some of a user's own items, as they were at one moment; absent ones are undefined. */
export interface AccountRecords {
  profile?: UserProfile;
  connection?: LinkedInConnection;
  /** Every counter of the asked UTC day (absent counters are 0; no item at all: an empty record). */
  usage?: Record<string, number>;
  /** The asked post, when it exists. */
  post?: Post;
  /** The asked channel's posting schedule, when the user saved one. */
  schedule?: PostingSchedule;
  /** The asked other post, when it exists. */
  otherPost?: Post;
  /** The taken instants, when asked. */
  taken?: TakenInstants;
}

/**
 * Several of one user's items read together in one round trip (in DynamoDB,
 * one BatchGetItem): the profile with the LinkedIn connection for GET /v1/me,
 * with a day's usage counters for GET /v1/usage; a post with the connection
 * when scheduling or publishing it; the profile (its zone) with a posting
 * schedule and the taken instants for the queue's routes (and the post to swap with when reordering). So those routes stay within their database
 * call budget (README "Database calls per request").
 */
export interface AccountReader {
  read(userId: string, want: AccountReadRequest): Promise<AccountRecords>;
}

export interface AccountReadRequest {
  /** The profile (default: yes). */
  profile?: boolean;
  connection?: boolean;
  usageDay?: string;
  postId?: string;
  /** The posting schedule of this channel. */
  scheduleChannel?: string;
  /** A second post (POST /v1/queue/reorder: the one to swap with). */
  otherPostId?: string;
  /** The taken instants (the queue: which slots are free). */
  taken?: boolean;
}
