import { GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AccountGoneError } from '../../core/errors';
import { queryDayBuckets } from './day-buckets';
import type { MailKind } from '../../contract/api/notifications';
import { newId } from '../../core/ids';
import { MAIL, minutes } from '../../core/mail/mail-rules';
import { kindOf, type OutboxMail } from '../../core/mail/outbox';
import type { Claim, CollectInput, MailOutbox } from '../../core/ports/mail-outbox';
import { ttlAfterDays } from '../../core/retention';
import { cancellationReasons, isConditionalCheckFailure } from './document-client';
import { ENTITY, keys } from './keys';
import { profileExistsCheck } from './owned-put';

const STRIP = ['PK', 'SK', 'type', 'ttl', 'GSI2PK', 'GSI2SK', 'callingAt'] as const;
const COLLECT_ATTEMPTS = 6;

/**
 * The outbox in the single table, every item under the user's partition:
 *   USER#<uid> / MAIL#<mailId>       one mail (TTL MAIL.outboxRetentionDays); GSI2 MAILDUE#<day> / <dueAt>#<uid>#<id> while unfinished
 *   USER#<uid> / MAILKIND#<kind>     the open mail of a kind (TTL, refreshed)
 *   USER#<uid> / MAILKEY#<key>       an entry already taken in (TTL MAIL.dedupeDays)
 */
export class DynamoMailOutbox implements MailOutbox {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async collect(input: CollectInput): Promise<'added' | 'duplicate'> {
    const { userId, entry, now } = input;
    const kind = kindOf(entry);
    const dedupe = {
      Put: {
        TableName: this.tableName,
        Item: { PK: keys.user(userId), SK: keys.mailKeySk(input.dedupeKey), type: ENTITY.mailKey, at: now.toISOString(), ttl: ttlAfterDays(now, MAIL.dedupeDays) },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
    for (let attempt = 1; attempt <= COLLECT_ATTEMPTS; attempt++) {
      const state = await this.get(userId, keys.mailKindSk(kind));
      const openId = state?.['openMailId'] as string | undefined;
      let previous: OutboxMail | undefined;
      if (openId) {
        const appended = await this.append(userId, openId, entry, dedupe, now);
        if (appended !== 'closed') return appended;
        previous = await this.mail(userId, openId);
      }
      const created = await this.open(userId, kind, entry, dedupe, now, openId, previous);
      if (created !== 'raced') return created;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
    throw new Error(`Could not add a ${entry.type} entry to ${userId}'s ${kind} mail after ${COLLECT_ATTEMPTS} attempts`);
  }

  /** Adds the entry to the open mail (listed while under MAIL.maxListed, else only counted); 'closed' once a sender took it. */
  private async append(userId: string, mailId: string, entry: CollectInput['entry'], dedupe: object, now: Date): Promise<'added' | 'duplicate' | 'closed'> {
    for (const listed of [true, false]) {
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              dedupe,
              {
                Update: {
                  TableName: this.tableName,
                  Key: { PK: keys.user(userId), SK: keys.mailSk(mailId) },
                  UpdateExpression: listed ? 'SET entries = list_append(entries, :entry), #total = #total + :one, updatedAt = :now' : 'SET #total = #total + :one, updatedAt = :now',
                  ConditionExpression: listed ? '#status = :collecting AND size(entries) < :max' : '#status = :collecting',
                  ExpressionAttributeNames: { '#status': 'status', '#total': 'total' },
                  ExpressionAttributeValues: { ':one': 1, ':now': now.toISOString(), ':collecting': 'collecting', ...(listed ? { ':entry': [entry], ':max': MAIL.maxListed } : {}) },
                },
              },
            ],
          }),
        );
        return 'added';
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons) throw error;
        if (reasons[0] === 'ConditionalCheckFailed') return 'duplicate';
        if (reasons[1] !== 'ConditionalCheckFailed') throw error;
        if (!listed) return 'closed';
        const mail = await this.mail(userId, mailId);
        if (mail?.status !== 'collecting') return 'closed';
        // Still collecting, so the list is full: count the entry without listing it.
      }
    }
    return 'closed';
  }

  /** Opens a new mail of the kind with the entry; 'raced' when another collector changed the open mail first. */
  private async open(userId: string, kind: MailKind, entry: CollectInput['entry'], dedupe: object, now: Date, replacing: string | undefined, previous: OutboxMail | undefined): Promise<'added' | 'duplicate' | 'raced'> {
    // The hourly limit counts from the previous mail's send (or its claim, while it is being sent).
    const lastSent = previous?.sentAt ?? (previous?.status === 'sending' ? previous.claimedAt : undefined);
    const sendAt = new Date(Math.max(now.getTime() + MAIL.gatherSeconds * 1000, lastSent ? Date.parse(lastSent) + minutes(MAIL.minIntervalMinutes) : 0));
    const id = newId(now);
    const mail: OutboxMail = { userId, id, kind, status: 'collecting', entries: [entry], total: 1, sendAt: sendAt.toISOString(), dueAt: sendAt.toISOString(), attempts: 0, createdAt: now.toISOString(), updatedAt: now.toISOString() };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            dedupe,
            {
              Put: {
                TableName: this.tableName,
                Item: { PK: keys.user(userId), SK: keys.mailSk(id), type: ENTITY.mail, ...mail, ...dueKeys(mail.dueAt, userId, id), ttl: ttlAfterDays(now, MAIL.outboxRetentionDays) },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            // Only for an account that exists: a late event of a deleted account opens no mail (and writes nothing).
            profileExistsCheck(this.tableName, userId),
            {
              Update: {
                TableName: this.tableName,
                Key: { PK: keys.user(userId), SK: keys.mailKindSk(kind) },
                UpdateExpression: 'SET openMailId = :id, #type = :type, #ttl = :ttl',
                ConditionExpression: replacing ? 'openMailId = :replacing' : 'attribute_not_exists(openMailId)',
                ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
                ExpressionAttributeValues: { ':id': id, ':type': ENTITY.mailKind, ':ttl': ttlAfterDays(now, MAIL.outboxRetentionDays), ...(replacing ? { ':replacing': replacing } : {}) },
              },
            },
          ],
        }),
      );
      return 'added';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      if (reasons[0] === 'ConditionalCheckFailed') return 'duplicate';
      if (reasons[2] === 'ConditionalCheckFailed') throw new AccountGoneError();
      return 'raced';
    }
  }

  async listDue(now: Date, from: Date): Promise<Pick<OutboxMail, 'userId' | 'id' | 'dueAt'>[]> {
    // The whole look-back is due by now: dueAt in [from's day, now].
    const items = await queryDayBuckets(this.db, this.tableName, { bucket: keys.mailDueBucket, from: new Date(`${from.toISOString().slice(0, 10)}T00:00:00.000Z`), to: now, projection: 'userId, id, dueAt' });
    return items.map((item) => ({ userId: item['userId'] as string, id: item['id'] as string, dueAt: item['dueAt'] as string }));
  }

  async claim(userId: string, mailId: string, now: Date, token: string): Promise<Claim | undefined> {
    const dueAt = new Date(now.getTime() + MAIL.leaseSeconds * 1000).toISOString();
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: keys.user(userId), SK: keys.mailSk(mailId) },
          UpdateExpression: 'SET #status = :sending, claimToken = :token, phase = :claimed, attempts = attempts + :one, dueAt = :dueAt, GSI2PK = :gsi2pk, GSI2SK = :gsi2sk, claimedAt = if_not_exists(claimedAt, :now), updatedAt = :now',
          ConditionExpression: '(#status = :collecting OR #status = :sending) AND dueAt <= :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':collecting': 'collecting',
            ':token': token,
            ':claimed': 'claimed',
            ':one': 1,
            ':dueAt': dueAt,
            ':now': now.toISOString(),
            ...prefixed(dueKeys(dueAt, userId, mailId)),
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const old = toMail(Attributes!);
      return {
        mail: { ...old, status: 'sending', claimToken: token, phase: 'claimed', attempts: old.attempts + 1, dueAt, claimedAt: old.claimedAt ?? now.toISOString() },
        mayHaveBeenSent: old.phase === 'calling',
      };
    } catch (error) {
      if (isConditionalCheckFailure(error)) return undefined;
      throw error;
    }
  }

  async markCalling(mail: OutboxMail, token: string, now: Date): Promise<boolean> {
    const dueAt = new Date(now.getTime() + minutes(MAIL.confirmWaitMinutes)).toISOString();
    return this.whileClaimed(mail, token, 'SET phase = :calling, callingAt = :now, dueAt = :dueAt, GSI2PK = :gsi2pk, GSI2SK = :gsi2sk, updatedAt = :now', {
      ':calling': 'calling',
      ':now': now.toISOString(),
      ':dueAt': dueAt,
      ...prefixed(dueKeys(dueAt, mail.userId, mail.id)),
    });
  }

  async finish(mail: OutboxMail, token: string, outcome: { status: 'sent' | 'skipped' | 'failed'; at: Date; providerId?: string; note?: string }): Promise<void> {
    const at = outcome.at.toISOString();
    const sets = ['#status = :status', 'updatedAt = :at', ...(outcome.status === 'sent' ? ['sentAt = :at'] : []), ...(outcome.providerId ? ['providerId = :providerId'] : []), ...(outcome.note ? ['note = :note'] : [])];
    // False when SES's Send event finished it first (confirmSent): nothing left to do.
    await this.whileClaimed(mail, token, `SET ${sets.join(', ')} REMOVE claimToken, phase, GSI2PK, GSI2SK`, {
      ':status': outcome.status,
      ':at': at,
      ...(outcome.providerId ? { ':providerId': outcome.providerId } : {}),
      ...(outcome.note ? { ':note': outcome.note } : {}),
    });
  }

  async release(mail: OutboxMail, token: string, retry: { retryAt: Date; note: string; mayHaveBeenSent: boolean; now: Date }): Promise<void> {
    const dueAt = retry.retryAt.toISOString();
    const remove = retry.mayHaveBeenSent ? 'claimToken' : 'claimToken, phase';
    await this.whileClaimed(mail, token, `SET dueAt = :dueAt, GSI2PK = :gsi2pk, GSI2SK = :gsi2sk, note = :note, updatedAt = :now REMOVE ${remove}`, {
      ':dueAt': dueAt,
      ':note': retry.note,
      ':now': retry.now.toISOString(),
      ...prefixed(dueKeys(dueAt, mail.userId, mail.id)),
    });
  }

  async confirmSent(userId: string, mailId: string, providerId: string, at: Date): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: keys.user(userId), SK: keys.mailSk(mailId) },
          UpdateExpression: 'SET #status = :sent, sentAt = if_not_exists(sentAt, :at), providerId = :providerId, updatedAt = :at REMOVE claimToken, phase, GSI2PK, GSI2SK',
          ConditionExpression: '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':sending': 'sending', ':at': at.toISOString(), ':providerId': providerId },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  /** One mail as stored (tests and the operator read it). */
  async mail(userId: string, mailId: string): Promise<OutboxMail | undefined> {
    const item = await this.get(userId, keys.mailSk(mailId));
    return item ? toMail(item) : undefined;
  }

  private async whileClaimed(mail: OutboxMail, token: string, update: string, values: Record<string, unknown>): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: keys.user(mail.userId), SK: keys.mailSk(mail.id) },
          UpdateExpression: update,
          ConditionExpression: 'claimToken = :token',
          ExpressionAttributeNames: update.includes('#status') ? { '#status': 'status' } : undefined,
          ExpressionAttributeValues: { ':token': token, ...values },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  private async get(userId: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { PK: keys.user(userId), SK: sk }, ConsistentRead: true }));
    return Item;
  }
}

/** The sparse index keys of a mail a sender should look at by `dueAt`. */
function dueKeys(dueAt: string, userId: string, mailId: string) {
  return { GSI2PK: keys.mailDueBucket(dueAt), GSI2SK: `${dueAt}#${userId}#${mailId}` };
}

function prefixed(values: { GSI2PK: string; GSI2SK: string }) {
  return { ':gsi2pk': values.GSI2PK, ':gsi2sk': values.GSI2SK };
}

function toMail(item: Record<string, unknown>): OutboxMail {
  const mail = { ...item };
  for (const key of STRIP) delete mail[key];
  return mail as unknown as OutboxMail;
}


