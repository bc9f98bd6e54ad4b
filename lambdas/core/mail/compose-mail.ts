import { DEFAULT_MAIL_PREFERENCES, MAIL_KIND_LABELS } from '../../contract/api/notifications';
import { connectionProblem } from '../linkedin/connection';
import type { LinkedInConnectionStore } from '../ports/linkedin-connection-store';
import type { MailPreferenceStore, MailSuppressionList } from '../ports/mail-outbox';
import type { OutgoingMail } from '../ports/mailer';
import type { PostStore } from '../ports/post-store';
import type { UnsubscribeTokens } from '../ports/unsubscribe-tokens';
import type { UserStore } from '../ports/user-store';
import type { Post } from '../posts/post';
import { MAIL } from './mail-rules';
import type { MailEntry, OutboxMail } from './outbox';
import { renderMail, type MailDocument } from './render/mail-document';
import { MailLinks, unsubscribeHeaders } from './render/mail-links';
import { mailZone, zoneNote } from './render/mail-text';
import { linkedinMail, MORE_UNCOUNTED, postFailedMail, weeklyMail, type FailedPost, type KindMailInput, type ListedPost } from './render/kind-mails';

export interface ComposeDeps {
  users: UserStore;
  posts: PostStore;
  connections: LinkedInConnectionStore;
  preferences: MailPreferenceStore;
  suppression: MailSuppressionList;
  tokens: UnsubscribeTokens;
  /** The web app's origin (links) and the API's base URL (one-click unsubscribe). */
  web: { origin: string; apiUrl: string };
}

export type Composed = { mail: OutgoingMail } | { skip: string };

/**
 * Turns a claimed outbox item into the mail to send, from the state of things *now* (a post retried since it
 * failed is no longer listed; a connection renewed since its reminder was planned gets none), or says why
 * nothing should be sent: the user turned the kind off, the address is suppressed, nothing is left to say.
 */
export async function composeMail(deps: ComposeDeps, mail: OutboxMail, now: Date): Promise<Composed> {
  const profile = await deps.users.get(mail.userId);
  if (!profile) return { skip: 'the account no longer exists' };
  const preferences = { ...DEFAULT_MAIL_PREFERENCES, ...(await deps.preferences.get(mail.userId)) };
  if (!preferences[mail.kind]) return { skip: 'the user turned this kind of mail off' };
  if (await deps.suppression.isSuppressed(profile.email)) return { skip: 'the address is suppressed (bounce or complaint)' };

  const links = new MailLinks(deps.web.origin, deps.web.apiUrl);
  const token = deps.tokens.issue(mail.userId, mail.kind);
  const zone = mailZone(profile.timezone);
  const input: KindMailInput = {
    links,
    zone,
    footer: { kindLabel: MAIL_KIND_LABELS[mail.kind], unsubscribeUrl: links.unsubscribePage(token), settingsUrl: links.settings(), zoneNote: zoneNote(zone) },
  };
  const doc = await documentFor(deps, mail, input, now);
  if ('skip' in doc) return doc;
  const content = renderMail(doc);
  return {
    mail: { id: mail.id, userId: mail.userId, kind: mail.kind, to: profile.email, ...content, headers: unsubscribeHeaders(links.oneClick(token)) },
  };
}

async function documentFor(deps: ComposeDeps, mail: OutboxMail, input: KindMailInput, now: Date): Promise<MailDocument | { skip: string }> {
  switch (mail.kind) {
    case 'postFailed':
      return postFailedDocument(deps, mail, input);
    case 'linkedinReconnect':
      return linkedinDocument(deps, mail, input, now);
    case 'weeklySummary':
      return weeklyDocument(deps, mail, input, now);
  }
}

async function postFailedDocument(deps: ComposeDeps, mail: OutboxMail, input: KindMailInput): Promise<MailDocument | { skip: string }> {
  const ids = [...new Set(entriesOf(mail, 'post.failed').map((entry) => entry.postId))];
  const posts = (await Promise.all(ids.map((id) => deps.posts.get(mail.userId, id)))).filter((post): post is Post => post?.status === 'failed' && post.error !== null);
  if (posts.length === 0) return { skip: 'none of the posts is failed any more' };
  const failed: FailedPost[] = posts.map((post) => ({ id: post.id, content: post.content, at: post.scheduledAt, error: post.error! }));
  return postFailedMail(failed, Math.max(0, mail.total - mail.entries.length), input);
}

async function linkedinDocument(deps: ComposeDeps, mail: OutboxMail, input: KindMailInput, now: Date): Promise<MailDocument | { skip: string }> {
  const connection = await deps.connections.get(mail.userId);
  // No connection at all: the user disconnected on purpose, and was told in Settings what that means.
  if (!connection) return { skip: 'the user disconnected LinkedIn' };
  const problem = connectionProblem(connection, now);
  const lost = entriesOf(mail, 'linkedin.connection_lost').at(-1);
  const expiring = entriesOf(mail, 'linkedin.expiring').filter((entry) => entry.expiresAt === connection.expiresAt).at(-1);
  let situation: Parameters<typeof linkedinMail>[0]['situation'];
  if (problem) {
    const expired = Date.parse(connection.expiresAt) <= now.getTime() && connection.status !== 'needsReconnect';
    situation = { type: 'lost', reason: expired ? 'expired' : (lost?.reason ?? 'unauthorized') };
  } else if (expiring) {
    situation = { type: 'expiring', expiresAt: connection.expiresAt, daysLeft: Math.max(1, Math.ceil((Date.parse(connection.expiresAt) - now.getTime()) / 86_400_000)) };
  } else {
    return { skip: 'the LinkedIn connection works (reconnected since)' };
  }
  const page = await deps.posts.list(mail.userId, { status: 'waiting', limit: MAIL.maxListed });
  const waiting = page.items.map(listed).sort(byTime);
  return linkedinMail({ ...input, situation, waiting, moreWaiting: page.nextCursor ? MORE_UNCOUNTED : 0 });
}

async function weeklyDocument(deps: ComposeDeps, mail: OutboxMail, input: KindMailInput, now: Date): Promise<MailDocument> {
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const weekAhead = new Date(now.getTime() + 7 * 86_400_000).toISOString();
  const nowIso = now.toISOString();
  const [published, scheduled, failed, waiting] = await Promise.all([
    deps.posts.list(mail.userId, { status: 'published', from: weekAgo, to: nowIso, limit: 20 }),
    deps.posts.list(mail.userId, { status: 'scheduled', from: nowIso, to: weekAhead, limit: 20 }),
    deps.posts.list(mail.userId, { status: 'failed', limit: MAIL.maxListed }),
    deps.posts.list(mail.userId, { status: 'waiting', limit: MAIL.maxListed }),
  ]);
  return weeklyMail({
    ...input,
    weekStart: weekAgo,
    published: published.items.map((post) => ({ id: post.id, content: post.content, at: post.publishedAt })).sort(byTime),
    morePublished: published.nextCursor ? MORE_UNCOUNTED : 0,
    scheduled: scheduled.items.map(listed).sort(byTime),
    moreScheduled: scheduled.nextCursor ? MORE_UNCOUNTED : 0,
    failed: failed.items.length,
    waiting: waiting.items.length,
  });
}

function entriesOf<T extends MailEntry['type']>(mail: OutboxMail, type: T): Extract<MailEntry, { type: T }>[] {
  return mail.entries.filter((entry): entry is Extract<MailEntry, { type: T }> => entry.type === type);
}

function listed(post: Post): ListedPost {
  return { id: post.id, content: post.content, at: post.scheduledAt };
}

function byTime(a: ListedPost, b: ListedPost): number {
  return (a.at ?? '').localeCompare(b.at ?? '');
}
