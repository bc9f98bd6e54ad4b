/**
 * E-mail to users: the kinds of mail Mark.0 sends, and the preferences a user
 * sets per kind (Settings, GET/PATCH /v1/me/notifications) or turns off with one
 * click from a mail (POST /v1/notifications/unsubscribe, RFC 8058).
 */
export const MAIL_KINDS = ['postFailed', 'linkedinReconnect', 'weeklySummary'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export type MailPreferences = Record<MailKind, boolean>;

/** A new user gets the mails that say something needs them; the weekly summary is opt-in. */
export const DEFAULT_MAIL_PREFERENCES: MailPreferences = { postFailed: true, linkedinReconnect: true, weeklySummary: false };

/** How each kind is named to people: Settings, the unsubscribe page, mail footers. */
export const MAIL_KIND_LABELS: Record<MailKind, string> = {
  postFailed: 'A post failed to publish',
  linkedinReconnect: 'LinkedIn needs reconnecting',
  weeklySummary: 'Weekly summary',
};

export function isMailKind(value: unknown): value is MailKind {
  return typeof value === 'string' && (MAIL_KINDS as readonly string[]).includes(value);
}

/** `GET /v1/me/notifications` and `PATCH /v1/me/notifications`. */
export interface NotificationsView {
  /** Where mails go: the sign-in address. */
  email: string;
  preferences: MailPreferences;
  /** The address bounced or its owner marked a mail as spam: nothing more is sent to it. */
  suppressed: boolean;
}

/** `POST /v1/notifications/unsubscribe?token=…`: what was turned off. */
export interface UnsubscribeView {
  kind: MailKind;
  label: string;
}

/** The web app's page a mail's "unsubscribe" link opens (it confirms with one button, no sign-in). */
export const UNSUBSCRIBE_PAGE_PATH = '/unsubscribe';
/** The API route that does the unsubscribing (also the List-Unsubscribe URL). */
export const UNSUBSCRIBE_API_PATH = '/v1/notifications/unsubscribe';
