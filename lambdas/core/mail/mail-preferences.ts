import * as z from 'zod/mini';
import { DEFAULT_MAIL_PREFERENCES, MAIL_KIND_LABELS, MAIL_KINDS, type MailPreferences, type NotificationsView, type UnsubscribeView } from '../../contract/api/notifications';
import { AccountGoneError, BadRequestError, ValidationError } from '../errors';
import type { Clock } from '../ports/clock';
import type { MailPreferenceStore } from '../ports/mail-outbox';
import type { UnsubscribeTokens } from '../ports/unsubscribe-tokens';
import { readMailSettings, type MailSettingsDeps } from './mail-settings';

export interface PreferenceDeps extends MailSettingsDeps {
  preferences: MailPreferenceStore;
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

/** The user's mail preferences and whether their address is suppressed: one read (`address`: the authorizer's, see readMailSettings). */
export async function getNotifications(deps: PreferenceDeps, userId: string, address: string | undefined): Promise<NotificationsView> {
  const { profile, preferences: stored, suppressed } = await readMailSettings(deps, userId, address, { preferences: true });
  return { email: profile.email, preferences: { ...DEFAULT_MAIL_PREFERENCES, ...stored }, suppressed };
}

/**
 * Turns kinds of mail on or off: the profile (401 when the account is gone), the stored preferences and
 * the suppression read together, then the update, which checks again that the profile exists (a change
 * racing the account's deletion writes nothing).
 */
export async function updateNotifications(deps: PreferenceDeps, userId: string, address: string | undefined, input: UpdateNotificationsInput): Promise<NotificationsView> {
  const changes = Object.fromEntries(Object.entries(input.preferences).filter(([, value]) => value !== undefined)) as Partial<MailPreferences>;
  if (Object.keys(changes).length === 0) {
    throw new ValidationError(`Say which mails to turn on or off: ${MAIL_KINDS.join(', ')}.`, [{ field: 'preferences', message: `name at least one of ${MAIL_KINDS.join(', ')}` }]);
  }
  const { profile, preferences: stored, suppressed } = await readMailSettings(deps, userId, address, { preferences: true });
  await deps.preferences.update(userId, changes, deps.clock.now());
  return { email: profile.email, preferences: { ...DEFAULT_MAIL_PREFERENCES, ...stored, ...changes }, suppressed };
}

/**
 * One-click unsubscribe: the token names the user and the kind; it turns that kind off, and nothing else.
 * A link in an old mail outlives the account it was sent to: for an account that is gone (no profile)
 * the answer is the same, since no mail goes to it any more, and nothing is written (the update checks
 * the profile in its transaction), so no item of a deleted user comes back.
 */
export async function unsubscribe(deps: Pick<PreferenceDeps, 'preferences' | 'tokens' | 'clock'>, token: string): Promise<UnsubscribeView> {
  const subject = deps.tokens.verify(token);
  if (!subject) {
    throw new BadRequestError(
      'This unsubscribe link is not valid (it may have been cut or changed). Open it again from the mail, or turn mails off in Settings.',
      'INVALID_UNSUBSCRIBE_LINK',
      [{ field: 'token', message: 'is not a valid Mark.0 unsubscribe token' }],
    );
  }
  try {
    await deps.preferences.update(subject.userId, { [subject.kind]: false }, deps.clock.now());
  } catch (error) {
    if (!(error instanceof AccountGoneError)) throw error;
  }
  return { kind: subject.kind, label: MAIL_KIND_LABELS[subject.kind] };
}
