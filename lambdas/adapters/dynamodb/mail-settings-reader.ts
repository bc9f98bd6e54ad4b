import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MailSettings, MailSettingsReader } from '../../core/ports/mail-settings-reader';
import { consistentBatchGet } from './batch-get';
import { keys } from './keys';
import { preferencesFromItem } from './mail-preference-store';
import { suppressionKey } from './mail-suppression-list';
import { fromProfileItem } from './user-store';

/** `USER#<uid>` / `PROFILE`, optionally `USER#<uid>` / `MAILPREFS`, and `MAILTO#<hash>` / `SUPPRESSED` in one BatchGetItem. */
export class DynamoMailSettingsReader implements MailSettingsReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(userId: string, address: string | undefined, want: { preferences?: boolean } = {}): Promise<MailSettings> {
    const pk = keys.user(userId);
    const items = await consistentBatchGet(this.db, this.tableName, [
      { PK: pk, SK: keys.profileSk },
      ...(want.preferences ? [{ PK: pk, SK: keys.mailPrefsSk }] : []),
      ...(address ? [suppressionKey(address)] : []),
    ]);
    const bySk = new Map(items.map((item) => [item['SK'] as string, item]));
    const profile = bySk.get(keys.profileSk);
    const preferences = bySk.get(keys.mailPrefsSk);
    return {
      ...(profile ? { profile: fromProfileItem(profile) } : {}),
      ...(preferences ? { preferences: preferencesFromItem(preferences) } : {}),
      suppressed: bySk.has(keys.mailSuppressionSk),
    };
  }
}
