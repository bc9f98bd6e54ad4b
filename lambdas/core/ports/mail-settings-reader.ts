import type { MailKind } from '../../contract/api/notifications';
import type { UserProfile } from '../users/user';

/** What one read of a user's mail settings found; absent items are undefined. */
export interface MailSettings {
  profile?: UserProfile;
  /** The stored preferences (asked for with `preferences: true`; undefined: none stored, the defaults apply). */
  preferences?: Partial<Record<MailKind, boolean>>;
  /** Whether `address` (the one asked about) is on the suppression list; false when none was given. */
  suppressed: boolean;
}

/**
 * The profile, optionally the mail preferences, and the suppression of an
 * address (an item outside the user's partition, keyed by the address) read
 * together: in DynamoDB one BatchGetItem. The caller passes the address the
 * authorizer gave (it is the profile's), so the suppression item needs no
 * read of the profile first (README "Database calls per request").
 */
export interface MailSettingsReader {
  read(userId: string, address: string | undefined, want?: { preferences?: boolean }): Promise<MailSettings>;
}
