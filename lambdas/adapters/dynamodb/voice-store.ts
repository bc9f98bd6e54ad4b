import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { putForExistingUser } from './owned-put';

import type { VoiceStore } from '../../core/ports/voice-store';
import { ENTITY, keys } from './keys';
import type { Voice } from '../../contract/api/ai';

export class DynamoVoiceStore implements VoiceStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(userId: string): Promise<Voice | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { PK: keys.user(userId), SK: keys.voiceSk } }));
    if (!Item) return undefined;
    return { styleProfile: (Item['styleProfile'] as string | null | undefined) ?? null, examples: (Item['examples'] as string[] | undefined) ?? [] };
  }

  async put(userId: string, voice: Voice, updatedAt: string): Promise<void> {
    await putForExistingUser(this.db, this.tableName, userId, {
      PK: keys.user(userId),
      SK: keys.voiceSk,
      type: ENTITY.voice,
      styleProfile: voice.styleProfile,
      examples: voice.examples,
      updatedAt,
    });
  }
}
