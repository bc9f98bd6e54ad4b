import { describe, expect, it } from 'vitest';
import { ValidationError } from '@lambdas/core/errors';
import { isIsoInstant } from '@lambdas/core/instants';
import { parseQueueMessage as parsePublishMessage } from '@lambdas/core/publishing/publish-message';
import { PUBLISHER_TIMEOUT_SECONDS, PUBLISHING, PUBLISH_MAX_RECEIVES } from '@lambdas/core/publishing/publishing-rules';
import { needsRedrive } from '@lambdas/core/publishing/reconcile';
import { parseRetryAfter } from '@contract/http/retry-after';
import { scheduledPostFixture } from '../support/post-fixture';

const post = scheduledPostFixture();
const at = (iso: string) => new Date(iso);

describe('the numbers of publishing', () => {
  it('keep the lease longer than a publisher run, and leave the DLQ room for every attempt', () => {
    expect(PUBLISHING.leaseSeconds).toBeGreaterThan(PUBLISHER_TIMEOUT_SECONDS);
    const callsPerClaim = 1 + PUBLISHING.inlineRetryDelaysMs.length;
    const worstClaimMs = callsPerClaim * PUBLISHING.linkedinTimeoutMs + PUBLISHING.inlineRetryDelaysMs.reduce((a, b) => a + b, 0) * 1.2 + PUBLISHING.maxInlineRetryAfterSeconds * 1000;
    expect(worstClaimMs).toBeLessThan(PUBLISHER_TIMEOUT_SECONDS * 1000);
    expect(PUBLISH_MAX_RECEIVES).toBeGreaterThan(PUBLISHING.maxAttempts);
    expect(PUBLISHING.reconcileWindowHours * 60).toBeGreaterThan(PUBLISHING.missedAfterMinutes + PUBLISHING.reconcileEveryMinutes);
  });
});

describe('the reconciler re-drives', () => {
  it('a scheduled post past due once it has been quiet for the grace period', () => {
    expect(needsRedrive(post, at('2026-11-25T09:01:00Z'))).toBe(false);
    expect(needsRedrive(post, at('2026-11-25T09:02:00Z'))).toBe(true);
    // Released for a retry a minute ago: its own redelivery is on the way.
    expect(needsRedrive({ ...post, updatedAt: '2026-11-25T09:30:00.000Z' }, at('2026-11-25T09:31:00Z'))).toBe(false);
  });

  it('a publishing post only once its lease has expired', () => {
    const publishing = { ...post, status: 'publishing' as const, leaseUntil: '2026-11-25T09:02:00.000Z' };
    expect(needsRedrive(publishing, at('2026-11-25T09:01:59Z'))).toBe(false);
    expect(needsRedrive(publishing, at('2026-11-25T09:02:00Z'))).toBe(true);
  });

  it('nothing else', () => {
    for (const status of ['draft', 'published', 'failed'] as const) expect(needsRedrive({ ...post, status }, at('2026-11-26T00:00:00Z'))).toBe(false);
  });
});

describe('publish messages', () => {
  it('parse when well formed, and refuse anything else (such a message ends in the DLQ)', () => {
    const message = { userId: 'u', postId: post.id, scheduledAt: post.scheduledAt };
    expect(parsePublishMessage(JSON.stringify(message))).toEqual(message);
    for (const body of ['not json', '{}', JSON.stringify({ ...message, postId: 'x' }), JSON.stringify({ ...message, extra: 1 })]) {
      expect(() => parsePublishMessage(body)).toThrow(ValidationError);
    }
  });
});

describe('instants', () => {
  it.each(['2026-11-25T09:00Z', '2026-11-25T09:00:00Z', '2026-11-25T09:00:00.123+01:00', '2026-11-25T09:00:00-05:30'])('accepts %s', (value) => {
    expect(isIsoInstant(value)).toBe(true);
  });
  it.each(['2026-11-25T09:00:00', '2026-11-25', '2026-02-29T09:00:00Z', '2026-11-25T24:00:00Z', '2026-11-25T09:00:00+0100', 'soon'])('refuses %s', (value) => {
    expect(isIsoInstant(value)).toBe(false);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', at('2026-11-25T10:00:00Z'))).toBe(30);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
