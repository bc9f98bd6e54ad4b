import { AccountDeletedError } from '../errors';
import type { MailSuppressionList } from '../ports/mail-outbox';
import type { MailSettings, MailSettingsReader } from '../ports/mail-settings-reader';
import type { UserProfile } from '../users/user';

export interface MailSettingsDeps {
  mailSettings: MailSettingsReader;
  suppression: Pick<MailSuppressionList, 'isSuppressed'>;
}

/**
 * The profile (AccountDeletedError, 401, when the account is gone), the stored
 * preferences if asked, and whether the profile's address is suppressed, in one
 * read keyed by `address`: the authorizer's, which is the profile's (an address
 * never changes). Should the profile name another one, or none was given, the
 * profile's own is looked up after: the answer is always about the profile's address.
 */
export async function readMailSettings(
  deps: MailSettingsDeps,
  userId: string,
  address: string | undefined,
  want: { preferences?: boolean } = {},
): Promise<MailSettings & { profile: UserProfile }> {
  const settings = await deps.mailSettings.read(userId, address, want);
  const { profile } = settings;
  if (!profile) throw new AccountDeletedError();
  return { ...settings, profile, suppressed: await profileSuppressed(deps, profile, settings, address) };
}

/**
 * Whether the profile's own address is suppressed, given a read keyed by `address`: that read's answer
 * when the two match (always, as an address never changes), else one lookup of the profile's.
 */
export async function profileSuppressed(
  deps: Pick<MailSettingsDeps, 'suppression'>,
  profile: UserProfile,
  read: Pick<MailSettings, 'suppressed'>,
  address: string | undefined,
): Promise<boolean> {
  return profile.email === address ? read.suppressed : deps.suppression.isSuppressed(profile.email);
}
