import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { CursorCodec } from '@lambdas/adapters/cursor-codec';
import { DynamoAccountDeletionStore } from '@lambdas/adapters/dynamodb/account-deletion-store';
import { DynamoApiKeyRegistry } from '@lambdas/adapters/dynamodb/api-key-registry';
import { DynamoAuditLog } from '@lambdas/adapters/dynamodb/audit-log';
import { ENTITY } from '@lambdas/adapters/dynamodb/keys';
import { DynamoMediaStore } from '@lambdas/adapters/dynamodb/media-store';
import { DynamoPostStore } from '@lambdas/adapters/dynamodb/post-store';
import { DynamoRequestRecorder } from '@lambdas/adapters/dynamodb/request-recorder';
import { DynamoUsageStore } from '@lambdas/adapters/dynamodb/usage-store';
import { DynamoUserStore } from '@lambdas/adapters/dynamodb/user-store';
import { DynamoVoiceStore } from '@lambdas/adapters/dynamodb/voice-store';
import { startConnection, type LinkedInDeps } from '@lambdas/core/linkedin/linkedin-use-cases';
import { DynamoLinkedInConnectionStore } from '@lambdas/adapters/dynamodb/linkedin-connection-store';
import { DynamoOAuthStateStore } from '@lambdas/adapters/dynamodb/oauth-state-store';
import { RETENTION_DAYS } from '@lambdas/core/retention';
import { DynamoMailOutbox } from '@lambdas/adapters/dynamodb/mail-outbox';
import { DynamoMailPreferenceStore } from '@lambdas/adapters/dynamodb/mail-preference-store';
import { DynamoMailSuppressionList } from '@lambdas/adapters/dynamodb/mail-suppression-list';
import { DynamoQueueStore } from '@lambdas/adapters/dynamodb/queue-store';
import { TABLE } from '@contract/table-definition';
import { createTestTable } from './support/test-table';

/**
 * What removes each entity type: DynamoDB's TTL after a number of days, or
 * nothing (the user's own data, kept until they delete it). A new entity type
 * fails the first test until it is listed here, with its retention in
 * lambdas/core/retention.ts and the README's retention table.
 */
const RETENTION: Record<string, { seconds: number; from: 'written' | 'end of the day' } | 'kept'> = {
  [ENTITY.user]: 'kept',
  // The LinkedIn connection lives until the user disconnects (which erases it) or reconnects (which replaces it).
  [ENTITY.linkedin]: 'kept',
  // Single-use OAuth state: useless once its 10 minutes are over.
  [ENTITY.oauthState]: { seconds: RETENTION_DAYS.oauthStateMinutes * 60, from: 'written' },
  [ENTITY.post]: 'kept',
  // Written pending and unattached: it expires a day later unless a post keeps it (which removes the TTL).
  [ENTITY.media]: { seconds: RETENTION_DAYS.unattachedMedia * 86_400, from: 'written' },
  [ENTITY.voice]: 'kept',
  // Operational state of the API key model (issue 7): one item per pooled plan, one budget counter.
  [ENTITY.apiKeyPool]: 'kept',
  [ENTITY.apiKeyBudget]: 'kept',
  [ENTITY.usage]: { seconds: RETENTION_DAYS.usageCounters * 86_400, from: 'end of the day' },
  // The record of an account's deletion: the one item a deleted account leaves, without content, kept as the proof.
  [ENTITY.accountDeletion]: 'kept',
  [ENTITY.audit]: { seconds: RETENTION_DAYS.auditEvents * 86_400, from: 'written' },
  // Exactly-once bookkeeping of the usage counter: a batch's marker outlives any redelivery of the batch.
  [ENTITY.usageBatch]: { seconds: RETENTION_DAYS.usageBatchMarkers * 86_400, from: 'written' },
  // Mail to users: the outbox and the open-mail record expire; what the user chose, and addresses that bounced, are kept.
  [ENTITY.mail]: { seconds: RETENTION_DAYS.mailOutbox * 86_400, from: 'written' },
  [ENTITY.mailKind]: { seconds: RETENTION_DAYS.mailOutbox * 86_400, from: 'written' },
  [ENTITY.mailKey]: { seconds: RETENTION_DAYS.mailDedupe * 86_400, from: 'written' },
  [ENTITY.mailPrefs]: 'kept',
  [ENTITY.mailSuppression]: 'kept',
  // The posting schedule is the user's own; the taken instants live as long as the posts they list (made with the profile).
  [ENTITY.schedule]: 'kept',
  [ENTITY.taken]: 'kept',
};

const epoch = (iso: string) => Date.parse(iso) / 1000;

describe('automatic removal of old data (TTL)', () => {
  it('decides for every entity type the adapters write', () => {
    expect(Object.keys(RETENTION).sort()).toEqual(Object.values(ENTITY).sort());
  });

  it('sets the TTL attribute on exactly the expiring types, at the retention written down', async () => {
    const { db, tableName } = await createTestTable();
    const now = new Date('2026-11-25T10:30:00.000Z');
    const clock = { now: () => now };
    await new DynamoUserStore(db, tableName).createIfAbsent({ userId: 'u1', email: 'u1@example.com', tier: 'free', createdAt: now.toISOString(), timezone: null });
    await new DynamoPostStore(db, tableName, new CursorCodec('k'.repeat(32))).create({
      id: '01JPOST000000000000000000', userId: 'u1', content: 'hello', status: 'draft', scheduledAt: null, publishedAt: null,
      linkedinUrn: null, linkedinUrl: null, error: null, createdAt: now.toISOString(), updatedAt: now.toISOString(), version: 1,
    } as never);
    await new DynamoMediaStore(db, tableName).create({
      userId: 'u1', id: 'img_01JMEDIA0000000000000000000', kind: 'image', status: 'pending', contentType: 'image/png', size: 10, fileName: 'a.png',
      width: null, height: null, pages: null, durationSeconds: null, postId: null, createdAt: now.toISOString(), updatedAt: now.toISOString(),
    });
    await new DynamoVoiceStore(db, tableName).put('u1', { styleProfile: 'short, warm', examples: ['Hello LinkedIn'] }, now.toISOString());
    const registry = new DynamoApiKeyRegistry(db, tableName);
    await registry.claim({ pool: 'free-pooled' }, 'token', now.getTime(), 30_000);
    await registry.assign({ pool: 'free-pooled' }, 'token', { id: 'k1', value: 'v1', plan: 'free-pooled' });
    await registry.reserveDedicated('u1', 10);
    await new DynamoUsageStore(db, tableName).tryIncrement({ userId: 'u1', day: '2026-11-25', counter: 'requests', limit: 10 });
    await new DynamoAuditLog(db, tableName, clock).append('u1', { type: 'user.signed_in' });
    await new DynamoRequestRecorder(db, tableName, clock).record('batch-1', [{ userId: 'u1', day: '2026-11-25', requests: 3 }]);
    // The connect use case writes the state with expiresAt = now + the retention; the adapter turns it into the TTL.
    await startConnection(
      {
        states: new DynamoOAuthStateStore(db, tableName),
        linkedin: { authorizationUrl: () => 'https://linkedin.example/authorize' },
        clock,
        web: { origins: ['http://127.0.0.1:3000'], defaultPath: '/settings' },
      } as unknown as LinkedInDeps,
      'u1',
      {},
    );
    await new DynamoUserStore(db, tableName).createIfAbsent({ userId: 'u2', email: 'u2@example.com', tier: 'free', createdAt: now.toISOString(), timezone: null });
    await new DynamoAccountDeletionStore(db, tableName, clock).begin({
      profile: { userId: 'u2', email: 'u2@example.com', tier: 'free', createdAt: now.toISOString(), timezone: null },
      emailHash: 'f'.repeat(64),
      requestedAt: now.toISOString(),
    });
    await new DynamoLinkedInConnectionStore(db, tableName).save({
      userId: 'u1', memberUrn: 'urn:li:person:abc', name: 'Ada', pictureUrl: null, encryptedAccessToken: 'enc', expiresAt: '2027-01-24T10:30:00.000Z',
      status: 'connected', connectedAt: now.toISOString(), updatedAt: now.toISOString(),
    });

    await new DynamoMailOutbox(db, tableName).collect({
      userId: 'u1', entry: { type: 'post.waiting', postId: '01JPOST000000000000000000', scheduledAt: null, at: now.toISOString() }, dedupeKey: 'event#1', now,
    });
    await new DynamoMailPreferenceStore(db, tableName).update('u1', { weeklySummary: true }, now);
    await new DynamoMailSuppressionList(db, tableName).suppress('u1@example.com', 'bounce', now);
    const queue = new DynamoQueueStore(db, tableName);
    await queue.putSchedule({ userId: 'u1', channel: 'linkedin', slots: [{ day: 'mon', time: '09:00' }], custom: true, paused: false, pausedAt: null, updatedAt: now.toISOString(), version: 2 }, 1, 'UTC');

    const { Items = [] } = await db.send(new ScanCommand({ TableName: tableName }));
    expect(new Set(Items.map((item) => item['type']))).toEqual(new Set(Object.values(ENTITY)));
    for (const item of Items) {
      const rule = RETENTION[item['type'] as string]!;
      const ttl = item[TABLE.ttlAttribute] as number | undefined;
      if (rule === 'kept') {
        expect(ttl, `${item['type']} must not expire`).toBeUndefined();
        continue;
      }
      const start = rule.from === 'written' ? epoch(now.toISOString()) : epoch('2026-11-26T00:00:00.000Z');
      expect(ttl, `${item['type']} expires ${rule.seconds} s after ${rule.from}`).toBe(start + rule.seconds);
    }
  });
});
