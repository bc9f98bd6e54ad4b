import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { ScopedCalls } from '@lambdas/adapters/dynamodb/call-counter';
import { HmacMediaDownloadTokens } from '@lambdas/adapters/hmac-media-download-tokens';
import { HmacUnsubscribeTokens } from '@lambdas/adapters/unsubscribe-token-signer';
import { jpeg } from '../../support/media-files';
import { connectLinkedIn, consent, followCallback, handOver } from '../support/linkedin';
import { announce, put } from '../support/media';
import type { ApiClient, TestApp } from '../support/test-runtime';

/** The app secret's signing key the budget test starts its runtime with, so a scenario can make a mail's unsubscribe token. */
export const BUDGET_SIGNING_KEY = 'a-signing-key-for-the-db-call-budget-test';

/** What one measured request cost: its answer, and the DynamoDB calls of each invocation of the route under test. */
export interface Measured {
  status: number;
  invocations: ScopedCalls[];
}

/**
 * Set-up helpers for the budget scenarios (scenarios.ts), each with a fresh
 * signed-in user, and `measure`, which counts the DynamoDB calls of the route
 * under test while one request runs (the SDK middleware of
 * lambdas/adapters/dynamodb/call-counter.ts, as the local runtime attaches it).
 * Set-up requests are other routes, or come before `measure`: not counted.
 */
export class DbCallGiven {
  readonly anonymous: ApiClient;
  measured: Measured | undefined;
  private connectedOnce: Promise<void> | undefined;

  constructor(
    private readonly app: TestApp,
    readonly user: ApiClient,
    private readonly route: string,
  ) {
    this.anonymous = app.anonymous();
  }

  /** An ISO instant `hours` from now (scheduling needs a time ahead). */
  inHours(hours: number): string {
    return new Date(Date.now() + hours * 3_600_000).toISOString();
  }

  async post(content = 'A draft worth reading.'): Promise<{ id: string }> {
    const res = await this.user.post('/v1/posts', { content });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string };
  }

  /** The user's (sandbox) LinkedIn, connected the way the web app does it. */
  connected(): Promise<void> {
    this.connectedOnce ??= connectLinkedIn(this.app, this.user).then(() => undefined);
    return this.connectedOnce;
  }

  async scheduledPost(): Promise<{ id: string }> {
    await this.connected();
    const post = await this.post();
    const res = await this.user.post(`/v1/posts/${post.id}/schedule`, { scheduledAt: this.inHours(3) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return post;
  }

  /** The signed-in user's email, as GET /v1/me gives it (DELETE /v1/me is confirmed with it, as the web app sends it). */
  async email(): Promise<string> {
    const res = await this.user.get('/v1/me');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.email as string;
  }

  /** A file uploaded and completed (POST /v1/media/{id}/complete): ready, its bytes in the bucket. */
  async readyMedia(): Promise<{ id: string }> {
    const media = await this.uploadedMedia();
    const res = await this.user.post(`/v1/media/${media.id}/complete`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return media;
  }

  /** A draft added to the queue (the default posting times: none saved): scheduled at its slot. */
  async queuedPost(): Promise<{ id: string; scheduledAt: string }> {
    await this.connected();
    const post = await this.post();
    const res = await this.user.post(`/v1/posts/${post.id}/queue`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { id: string; scheduledAt: string };
  }

  /** A post published now, through the local queue, publisher and sandbox LinkedIn. */
  async publishedPost(): Promise<{ id: string }> {
    await this.connected();
    // Text of its own: LinkedIn refuses a post identical to an earlier one.
    const post = await this.post(`A post to publish, ${randomUUID()}`);
    const res = await this.user.post(`/v1/posts/${post.id}/publish`);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await expect.poll(async () => {
      await this.app.publishing.step();
      return (await this.user.get(`/v1/posts/${post.id}`)).body.status;
    }).toBe('published');
    return post;
  }

  /** Where LinkedIn sends the browser back after consent: the callback route's path and query. */
  async linkedInCallbackUrl(): Promise<string> {
    const { callbackUrl } = await consent(this.app, this.user);
    return `${callbackUrl.pathname}${callbackUrl.search}`;
  }

  /** What the web app posts to complete the connection (the code and state from the landing page's fragment). */
  async linkedInHandOver(): Promise<{ code: string | null; state: string | null }> {
    const given = handOver(await followCallback(new URL(await this.linkedInCallbackUrl(), this.app.url)));
    return { code: given.get('code'), state: given.get('state') };
  }

  /** A file announced (POST /v1/media): its item is pending, nothing uploaded yet. */
  async media(bytes = jpeg()): Promise<{ id: string; upload: { url: string; method: string; headers: Record<string, string> } }> {
    const res = await announce(this.user, 'image', bytes, 'image/jpeg');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; upload: { url: string; method: string; headers: Record<string, string> } };
  }

  /** A file announced and its bytes PUT to the signed URL, waiting for POST /v1/media/{id}/complete. */
  async uploadedMedia(): Promise<{ id: string }> {
    const bytes = jpeg();
    const media = await this.media(bytes);
    const sent = await put(media.upload, bytes);
    expect(sent.status, await sent.text()).toBe(200);
    return media;
  }

  /** The token of a mail's one-click unsubscribe link for this user, as the mail worker signs it. */
  unsubscribeToken(): string {
    return new HmacUnsubscribeTokens(BUDGET_SIGNING_KEY).issue(this.user.userId, 'postFailed');
  }

  /** The token of a file's download link in this user's data export, as the export function signs it (valid for an hour). */
  downloadToken(mediaId: string): string {
    return new HmacMediaDownloadTokens(BUDGET_SIGNING_KEY).issue(this.user.userId, mediaId, new Date(Date.now() + 3_600_000));
  }

  /** Any request by path, redirects not followed (the callback answers with one). */
  async raw(path: string): Promise<{ status: number }> {
    const res = await fetch(new URL(path, this.app.url), { redirect: 'manual' });
    await res.arrayBuffer();
    return { status: res.status };
  }

  /** Runs the one request the budget is about, counting the DynamoDB calls of the route under test meanwhile. */
  async measure(request: (user: ApiClient) => Promise<{ status: number }>): Promise<{ status: number }> {
    const invocations: ScopedCalls[] = [];
    const stop = this.app.dbCalls.counter.onScope((scoped) => {
      if (scoped.label === this.route) invocations.push(scoped);
    });
    try {
      const { status } = await request(this.user);
      this.measured = { status, invocations };
      return { status };
    } finally {
      stop();
    }
  }
}
