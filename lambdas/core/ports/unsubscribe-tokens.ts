import type { MailKind } from '../../contract/api/notifications';

/**
 * Signed one-click unsubscribe tokens (HMAC with a key from the app secret): they name the user and the
 * kind, so following one needs no sign-in and can turn off that one kind for that one user, nothing else.
 */
export interface UnsubscribeTokens {
  issue(userId: string, kind: MailKind): string;
  /** The user and kind, or undefined for a token that was not made by us (edited, truncated, another key). */
  verify(token: string): { userId: string; kind: MailKind } | undefined;
}
