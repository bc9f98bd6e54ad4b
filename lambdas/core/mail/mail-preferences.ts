import * as z from 'zod/mini';
import { DEFAULT_MAIL_PREFERENCES, MAIL_KIND_LABELS, MAIL_KINDS, type MailPreferences, type NotificationsView, type UnsubscribeView } from '../../contract/api/notifications';
import { BadRequestError, ValidationError } from '../errors';
import type { Clock } from '../ports/clock';
import type { MailPreferenceStore, MailSuppressionList } from '../ports/mail-outbox';
import type { UnsubscribeTokens } from '../ports/unsubscribe-tokens';
import type { UserDeps } from '../users/user-use-cases';
import { getUser } from '../users/user-use-cases';

export interface PreferenceDeps extends UserDeps {
  preferences: MailPreferenceStore;
  suppression: MailSuppressionList;
  tokens: UnsubscribeTokens;
  clock: Clock;
}

const onOff = z.boolean({ error: 'must be true or false' });
/** PATCH /v1/me/notifications: any of the kinds, on or off; at least one. */
export const updateNotificationsSchema = z.strictObject({
  preferences: z.strictObject(Object.fromEntries(MAIL_KINDS.map((kind) => [kind, z.optional(onOff)])) as Record<(typeof MAIL_KINDS)[number], z.ZodMiniOptional<z.ZodMiniBoolean>>),
});
export type UpdateNotificationsInput = z.infer<typeof updateNotificationsSchema>;

/** The query of the unsubscribe route: the token a mail carries, nothing else. */
export const unsubscribeQuerySchema = z.strictObject({ token: z.string({ error: 'is required: use the link from the mail as it is' }).check(z.maxLength(512, 'is too long to be a Mark.0 link')) });

export async function getNotifications(deps: PreferenceDeps, userId: string): Promise<NotificationsView> {
  const profile = await getUser(deps, userId);
  const [stored, suppressed] = await Promise.all([deps.preferences.get(userId), deps.suppression.isSuppressed(profile.email)]);
  return { email: profile.email, preferences: { ...DEFAULT_MAIL_PREFERENCES, ...stored }, suppressed };
}

export async function updateNotifications(deps: PreferenceDeps, userId: string, input: UpdateNotificationsInput): Promise<NotificationsView> {
  const changes = Object.fromEntries(Object.entries(input.preferences).filter(([, value]) => value !== undefined)) as Partial<MailPreferences>;
  if (Object.keys(changes).length === 0) {
    throw new ValidationError(`Say which mails to turn on or off: ${MAIL_KINDS.join(', ')}.`, [{ field: 'preferences', message: `name at least one of ${MAIL_KINDS.join(', ')}` }]);
  }
  const profile = await getUser(deps, userId);
  const [preferences, suppressed] = await Promise.all([
    deps.preferences.update(userId, changes, deps.clock.now()).then((stored) => ({ ...DEFAULT_MAIL_PREFERENCES, ...stored })),
    deps.suppression.isSuppressed(profile.email),
  ]);
  return { email: profile.email, preferences, suppressed };
}

/** One-click unsubscribe: the token names the user and the kind; it turns that kind off, and nothing else. */
export async function unsubscribe(deps: Pick<PreferenceDeps, 'preferences' | 'tokens' | 'clock'>, token: string): Promise<UnsubscribeView> {
  const subject = deps.tokens.verify(token);
  if (!subject) {
    throw new BadRequestError(
      'This unsubscribe link is not valid (it may have been cut or changed). Open it again from the mail, or turn mails off in Settings.',
      'INVALID_UNSUBSCRIBE_LINK',
      [{ field: 'token', message: 'is not a valid Mark.0 unsubscribe token' }],
    );
  }
  await deps.preferences.update(subject.userId, { [subject.kind]: false }, deps.clock.now());
  return { kind: subject.kind, label: MAIL_KIND_LABELS[subject.kind] };
}
