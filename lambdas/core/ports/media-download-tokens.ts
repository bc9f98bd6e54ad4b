/**
 * Signed download tokens for the files listed in an export (HMAC with a key from the app secret): each names one
 * user, one file and when it expires, so following the link needs no sign-in and can fetch that one file of that
 * one user until then, nothing else.
 */
export interface MediaDownloadTokens {
  issue(userId: string, mediaId: string, expiresAt: Date): string;
  /** The user and expiry the token was made with for this file, or undefined for a token not made by us for it. */
  verify(token: string, mediaId: string): { userId: string; expiresAt: Date } | undefined;
}
