import type { Voice } from '../../contract/api/ai';
import type { MailPreferences } from '../../contract/api/notifications';
import type { OutboxMail } from '../mail/outbox';
import type { MediaItem } from '../media/media';
import type { LinkedInConnection } from '../linkedin/connection';
import type { Post } from '../posts/post';
import type { PostingSchedule } from '../queue/posting-schedule';
import type { TakenInstants } from './queue-store';
import type { UserProfile } from '../users/user';

/**
 * One item of a user's partition (`USER#<uid>`), decoded by kind. Items of a
 * kind the store cannot decode arrive as `unknown` with their stored type: the
 * export counts them, the deletion erases them like any other.
 */
export type StoredRecord =
  | { kind: 'profile'; profile: UserProfile }
  | { kind: 'post'; post: Post }
  | { kind: 'linkedin'; connection: LinkedInConnection }
  | { kind: 'voice'; voice: Voice; updatedAt: string | null }
  | { kind: 'usage'; day: string; counters: Record<string, number> }
  | { kind: 'audit'; at: string; type: string; data: Record<string, string | number | boolean | null> }
  | { kind: 'mail'; mail: OutboxMail }
  | { kind: 'mailPreferences'; preferences: Partial<MailPreferences> }
  | { kind: 'media'; media: MediaItem }
  | { kind: 'schedule'; schedule: PostingSchedule }
  | { kind: 'taken'; taken: TakenInstants }
  | { kind: 'unknown'; type: string };

/** A stored item and the reference that erases it. */
export interface StoredItem {
  /** Opaque to callers; what `erase` takes. */
  ref: string;
  record: StoredRecord;
}

export interface UserDataPage {
  items: StoredItem[];
  /** Where the next page starts; absent on the last page. */
  next?: string;
}

/**
 * Everything stored under one user's partition, whatever its kind, page by
 * page: the export reads it, the deletion of an account erases it. Generic on
 * purpose: an entity type added later (media, mail) under `USER#<uid>` is
 * exported (counted, until the export learns to describe it) and erased with
 * no change here.
 */
export interface UserDataStore {
  /** One page of the user's items in key order (at most about 1 MB read); `after` is the previous page's `next`. */
  page(userId: string, after?: string): Promise<UserDataPage>;
  /** Deletes the items (refs from `page`) of the user, whatever their kind. Idempotent. */
  erase(userId: string, refs: readonly string[]): Promise<void>;
}
