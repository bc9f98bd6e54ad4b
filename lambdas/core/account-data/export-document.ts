import {
  EXPORT_FORMAT,
  type ExportedAccount,
  type ExportedLinkedInConnection,
  type ExportedMail,
  type ExportedMedia,
  type ExportedPostingSchedule,
  type ExportedQueueSlot,
} from '../../contract/api/account';
import { toPostView } from '../posts/post';
import type { Clock } from '../ports/clock';
import { toMediaView } from '../media/media';
import { readMailSettings, type MailSettingsDeps } from '../mail/mail-settings';
import { mediaDownloadLink } from '../media/media-download';
import type { MediaDownloadTokens } from '../ports/media-download-tokens';
import type { StoredRecord, UserDataPage, UserDataStore } from '../ports/user-data-store';
import { AccountDeletedError } from '../errors';
import { accountFields, type UserProfile } from '../users/user';

/** `mailSettings` and `suppression`: the profile with its address's suppression (outside the user's partition), read together when the first page and the authorizer's context do not tell both. */
export interface ExportDeps extends MailSettingsDeps {
  data: UserDataStore;
  clock: Clock;
  /** Base of a published post's LinkedIn link. */
  postUrlBase: string;
  /** Each ready file's download link: signed with these tokens, to this API (base URL, stage included). */
  downloads: { tokens: MediaDownloadTokens; apiUrl: string };
}

/** Sections of the document after `account`, and whether each holds a list or one value. */
const SECTIONS = { audit: 'list', linkedin: 'one', mails: 'list', mailPreferences: 'one', media: 'list', posts: 'list', postingSchedules: 'list', queueSlots: 'list', usage: 'list', voice: 'one' } as const;

type Section = keyof typeof SECTIONS;

/** What the authorizer passed on: the profile's address, and whether it is suppressed (undefined where its context has none). */
export interface ExportRequester {
  address: string | undefined;
  mailSuppressed: boolean | undefined;
}

/**
 * GET /v1/me/export: everything stored about the user, as one JSON document
 * (contract/api/account.ts, ExportDocument) produced a page of the user's
 * partition at a time, so memory holds one page whatever the number of posts.
 * Refuses (401) before the first byte when the account is gone (accountOf).
 *
 * Nothing secret goes out: each kind is turned into its export view field by
 * field (never spread), so the LinkedIn token, the API key and any attribute
 * added later stay in. Items of a kind this export does not describe yet are
 * counted under `other` by kind, never copied.
 */
export async function openExport(deps: ExportDeps, userId: string, requester: ExportRequester): Promise<AsyncIterable<string>> {
  const first = await deps.data.page(userId);
  const { profile, suppressed } = await accountOf(deps, userId, requester, first);
  return exportChunks(deps, profile, suppressed, first);
}

/**
 * The profile and its address's suppression, known before the first byte. When the first page holds the
 * profile (the whole partition fits one 1 MB page: nearly every account) it is taken from there, and the
 * suppression from the authorizer's context: no read of their own, one call in all. Otherwise (a larger
 * partition, or a context without it) the profile and the suppression item are read together, one
 * BatchGetItem more. No profile where the whole partition was read, or none read: the account is gone (401).
 */
async function accountOf(deps: ExportDeps, userId: string, requester: ExportRequester, first: UserDataPage): Promise<{ profile: UserProfile; suppressed: boolean }> {
  const onPage = first.items.map(({ record }) => record).find((record) => record.kind === 'profile');
  if (onPage && requester.mailSuppressed !== undefined) return { profile: onPage.profile, suppressed: requester.mailSuppressed };
  if (!onPage && first.next === undefined) throw new AccountDeletedError();
  return readMailSettings(deps, userId, requester.address);
}

async function* exportChunks(deps: ExportDeps, profile: UserProfile, suppressed: boolean, first: UserDataPage): AsyncGenerator<string> {
  const writer = new SectionWriter();
  yield `{"format":${json(EXPORT_FORMAT)},"exportedAt":${json(deps.clock.now().toISOString())},"account":${json(exportedAccount(profile, suppressed))}`;
  let page = first;
  for (;;) {
    let chunk = '';
    for (const { record } of page.items) chunk += writer.add(record, await exported(record, deps));
    if (chunk) yield chunk;
    if (page.next === undefined) break;
    page = await deps.data.page(profile.userId, page.next);
  }
  yield writer.end();
}

/** Writes sections as the items arrive (in key order, each kind's items are contiguous), then what is left. */
class SectionWriter {
  private open: Section | undefined;
  private readonly written = new Set<Section>();
  private readonly counts: Record<string, number> = {};
  private readonly other = new Map<string, number>();

  add(record: StoredRecord, view: ExportView | undefined): string {
    if (record.kind === 'unknown') this.other.set(record.type, (this.other.get(record.type) ?? 0) + 1);
    if (!view) return '';
    return ('values' in view ? view.values : [view.value]).map((value) => this.addValue(view.section, value)).join('');
  }

  private addValue(section: Section, value: unknown): string {
    this.counts[section] = (this.counts[section] ?? 0) + 1;
    if (this.open === section) return `,${json(value)}`;
    const closing = this.close();
    if (this.written.has(section)) throw new Error(`The ${section} items are not contiguous in key order; the export cannot stream them`);
    this.written.add(section);
    if (SECTIONS[section] === 'one') return `${closing},${json(section)}:${json(value)}`;
    this.open = section;
    return `${closing},${json(section)}:[${json(value)}`;
  }

  end(): string {
    let tail = this.close();
    for (const [section, shape] of Object.entries(SECTIONS) as [Section, 'list' | 'one'][]) {
      if (!this.written.has(section)) tail += `,${json(section)}:${shape === 'list' ? '[]' : 'null'}`;
    }
    const other = [...this.other].map(([kind, count]) => ({ kind, count }));
    return `${tail},"other":${json(other)},"counts":${json(this.counts)},"complete":true}`;
  }

  private close(): string {
    if (!this.open) return '';
    this.open = undefined;
    return ']';
  }
}

/** A record's export: one value of its section, or several (one item holding a list: the taken instants). */
type ExportView = { section: Section; value: unknown } | { section: Section; values: unknown[] };

/** The record's section and export view; none for the profile (written as `account`) and unknown kinds (counted). */
async function exported(record: StoredRecord, deps: ExportDeps): Promise<ExportView | undefined> {
  switch (record.kind) {
    case 'profile':
    case 'unknown':
      return undefined;
    case 'post':
      return { section: 'posts', value: toPostView(record.post, deps.postUrlBase) };
    case 'media': {
      const { previewUrl: _preview, ...metadata } = toMediaView(record.media, null);
      const link = mediaDownloadLink({ ...deps.downloads, clock: deps.clock }, record.media);
      const value: ExportedMedia = { ...metadata, downloadUrl: link?.url ?? null, downloadUrlExpiresAt: link?.expiresAt ?? null };
      return { section: 'media', value };
    }
    case 'linkedin': {
      const c = record.connection;
      const value: ExportedLinkedInConnection = {
        memberUrn: c.memberUrn,
        name: c.name,
        pictureUrl: c.pictureUrl,
        status: c.status,
        expiresAt: c.expiresAt,
        connectedAt: c.connectedAt,
        updatedAt: c.updatedAt,
      };
      return { section: 'linkedin', value };
    }
    case 'mail': {
      const m = record.mail;
      const value: ExportedMail = { id: m.id, kind: m.kind, status: m.status, createdAt: m.createdAt, sentAt: m.sentAt ?? null, entries: m.entries, total: m.total };
      return { section: 'mails', value };
    }
    case 'mailPreferences':
      return { section: 'mailPreferences', value: record.preferences };
    case 'schedule': {
      const { channel, slots, paused, pausedAt, updatedAt } = record.schedule;
      const value: ExportedPostingSchedule = { channel, slots, paused, pausedAt, updatedAt };
      return { section: 'postingSchedules', value };
    }
    case 'taken': {
      const values: ExportedQueueSlot[] = [...record.taken.posts].sort(([a], [b]) => a.localeCompare(b)).map(([at, postIds]) => ({ at, postIds }));
      return { section: 'queueSlots', values };
    }
    case 'voice':
      return { section: 'voice', value: { styleProfile: record.voice.styleProfile, examples: record.voice.examples, updatedAt: record.updatedAt } };
    case 'usage':
      return { section: 'usage', value: { day: record.day, counters: record.counters } };
    case 'audit':
      return { section: 'audit', value: { at: record.at, type: record.type, data: record.data } };
  }
}

function exportedAccount(profile: UserProfile, mailSuppressed: boolean): ExportedAccount {
  return {
    ...accountFields(profile),
    lastActiveDay: profile.lastActiveDay ?? null,
    lastSignInAt: profile.lastSignInAt ?? null,
    usagePlan: profile.apiKey?.plan ?? null,
    mailSuppressed,
  };
}

function json(value: unknown): string {
  return JSON.stringify(value);
}
