/**
 * `npm run bench:cost`: the monthly bill at list prices for 1,000, 10,000 and
 * 100,000 registered users (`USERS=2500 npm run bench:cost` for one figure of
 * your own). Fixed resources are counted from the real app, synthesized
 * in-process (no bundling, offline); sizes are measured by running the code;
 * everything else comes from USAGE below, which is a set of assumptions to edit.
 */
import { resolve } from 'node:path';
import { buildAppInProcess } from '../../lib/in-process-app';
import { buildWeb, isWebBuildCurrent } from '../runtime/build-web';
import { accessLogFormatOf, inventoryOf, type CfnTemplate } from './app-inventory';
import { estimateMonthlyCost, totals, type LineItem, type Measured, type UsageModel } from './cost-model';
import { mailCostLines, mailInventoryOf, type MailUsage } from './mail-cost';
import { accessLogLineBytes, measureAi, measureApiRequestOutput, measureWebFirstLoad } from './measurements';
import { PRICES } from './prices';

/** Per active user per month unless said otherwise. Every number here is an assumption, not a measurement. */
const USAGE: UsageModel = {
  /** Share of registered users who open the app in a given month (they are Cognito's MAU). */
  monthlyActiveShare: 0.5,
  /** Days an active user opens the app: about twice a week, to write and plan. */
  activeDaysPerMonth: 8,
  sessionsPerActiveDay: 1,
  /**
   * What the web app asks the API for in one session (web/src): load (GET /v1/me, the
   * onboarding checklist's list) 2, Posts (list, one post re-read after an action) 2,
   * Write (usage, create, save, schedule) 4, Calendar (scheduled + published) 2,
   * Settings (usage, voice) 2. AI requests are counted apart.
   */
  apiRequestsPerSession: 12,
  /** Reads among those (GETs); the rest write. */
  readShareOfRequests: 0.7,
  /** CORS preflights per request: none, the API is on the web app's origin (CloudFront serves /v1/*). */
  preflightsPerRequest: 0,
  /** The authorizer's result is cached 5 minutes per token: a session of about 10 minutes runs it twice. */
  authorizerCallsPerSession: 2,
  /** Sessions that download the hashed assets (cached a year): a new device or a new release. */
  firstLoadShareOfSessions: 0.25,
  /** Posts scheduled and published (each: one schedule, one message, one publisher run). */
  postsPublishedPerActiveUser: 8,
  /** AI draft/rewrite requests, and variants per request (each variant is one generation). */
  aiRequestsPerActiveUser: 6,
  variantsPerAiRequest: 2,
  /** A medium post of about 1,000 characters: ~300 tokens, under the 650 cap. */
  typicalOutputTokens: 300,
  /** Average billed duration per invocation, cold starts' init amortised in; the ai function waits for OpenAI. */
  durationMs: { api: 40, authorizer: 30, ai: 5000, publisher: 400, reconciler: 150, health: 20, healthProbe: 200, backupEvents: 300 },
  /** Invocations that start a new execution environment (each reads the app secret once). */
  coldStartShare: 0.05,
  /**
   * Read units: the authorizer's profile GetItem (1); a read request ~3 (a page of posts from a Query, or a
   * GetItem); an AI request 1 (voice); a publish 3 (post, connection, profile); a reconciler run ~25 (one
   * Query per due hour of its 48-hour window, 0.5 each); the health sentinel 0.5.
   */
  rru: { authorizerProfile: 1, read: 3, ai: 1, publish: 3, reconcilerRun: 25, health: 0.5 },
  /**
   * Write units: the usage counter per request (1, item < 1 KB); a write request ~6 (a post of ~2 KB and its
   * GSI1 copy, plus an audit event); the daily-active mark (1 a day); scheduling ~14 (a transaction, doubled,
   * over the post, GSI1, GSI2 and the profile's counter); publishing ~20 (the claim, the published
   * transaction, the index changes, an audit event); an AI request 1 (the generation counter).
   */
  wru: { meter: 1, write: 6, dailyActive: 1, schedule: 14, publish: 20, ai: 1 },
  /** Per registered user: a year of posts (~2 KB, stored twice with GSI1's ALL projection), profile, audit, counters. */
  bytesStoredPerUser: 500_000,
  /** Lambda's JSON platform.start + platform.report lines (shapes from the Lambda docs). */
  platformLogBytesPerInvocation: 600,
  /** Application log lines averaged over invocations (errors, AI calls, publishing, reconciler). */
  otherLogBytesPerInvocation: 100,
  apiResponseBytes: 2000,
  /** Per SQS event source (each queue a function consumes): idle, it still long-polls, ~5 pollers × 3 polls a minute × 43,800 minutes. */
  sqsIdlePollRequestsPerMonth: 657_000,
  /** LinkedIn connects and reconnects (tokens last 60 days) encrypt a token with KMS. */
  kmsEncryptsPerActiveUser: 0.5,
  /**
   * Share of a month's hours in which a custom metric of each kind receives data (CloudWatch bills custom metrics
   * by the hour, only for hours with data: aws.amazon.com/cloudwatch/pricing). Scheduled: every hour. Traffic: the
   * hours people use the app, most users in one region's waking hours (16 of 24) and a few elsewhere. Daily: the
   * backup watch's zeros, in one hour of each day. Events (a failure, a sign-up, a quota hit): a few hours a month.
   */
  metricHoursShare: { scheduled: 1, traffic: 0.75, daily: 1 / 24, events: 0.05 },
  /**
   * Media: 4 files a month (mostly phone photos of ~3 MB, now and then a PDF or a video: 5 MB on average),
   * kept 12 months (with their post), each preview shown ~20 times, a thumbnail-sized share (10%) of the
   * bytes each time thanks to the browser cache (the signed URL is the same for an hour).
   */
  media: { uploadsPerActiveUser: 4, bytesPerUpload: 5_000_000, monthsKept: 12, previewGetsPerUpload: 20, previewBytesShare: 0.1 },
};

/**
 * Mail to users, per active user per month: 0.5 "a post failed" (failures are rare, and a burst is one mail),
 * 1 reminder (two per 60-day LinkedIn token: 7 days and 1 day before), 0.1 "reconnect now" (a revoked token),
 * and the weekly summary for the 10% who turn it on (4.3 a month): about 2 mails.
 */
const MAIL_USAGE: MailUsage = {
  mailsPerActiveUser: 0.5 + 1 + 0.1 + 0.1 * 4.3,
  /** Text + HTML part and headers of a mail listing a few posts: ~8 KB. */
  bytesPerMail: 8_000,
  /** The event(s) behind it (1.5), SES's Send event (1), a bounce now and then (0.02). */
  queueMessagesPerMail: 2.5,
  /** Collecting: a transaction over 3 small items, doubled (6), with the index copy (2); claim, calling, finish with index changes (3 × 2). */
  wruPerMail: 14,
  /** Profile, preferences, suppression, the open-mail item, the posts listed or counted: ~8. */
  rruPerMail: 8,
  /** One Query per day bucket of the look-back (3), 0.5 each when empty. */
  rruPerSweep: 1.5,
  durationMs: { sweep: 60, perMail: 250 },
};

const root = resolve(import.meta.dirname, '../..');
const userCounts = process.env['USERS'] ? [Number(process.env['USERS'])] : [1_000, 10_000, 100_000];
if (userCounts.some((n) => !Number.isFinite(n) || n <= 0)) throw new Error('USERS must be a positive number');

console.error('synthesizing the app in-process (no bundling) to count its resources…');
// The real web build (as `cdk synth` makes it): the site stack uploads it, and its size is what users download.
const webDist = resolve(root, 'web/dist');
if (!isWebBuildCurrent(root, webDist)) await buildWeb(root, webDist, (line) => console.error(line));
const templates = buildAppInProcess({ webDist }).app.synth().stacks.map((stack) => stack.template as CfnTemplate);
const inventory = inventoryOf(templates);
const mailInventory = mailInventoryOf(templates);
const webBytes = measureWebFirstLoad(webDist);
if (webBytes === undefined) throw new Error(`No web build in ${webDist}`);
const measured: Measured = {
  emfBytesPerApiRequest: await measureApiRequestOutput(),
  accessLogBytesPerRequest: accessLogLineBytes(accessLogFormatOf(templates)),
  webFirstLoadBytes: webBytes,
  ...measureAi(),
};

const usd = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n >= 0.001 || n === 0 ? n.toFixed(4) : n.toPrecision(3));
const qty = (n: number) => (n >= 1000 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(1) : n.toFixed(3));

console.log(`Mark.0 monthly bill, ${PRICES.region}, ${PRICES.asOf}. Headline: no free tier or free allowance of any kind.`);
console.log(
  `From the synthesized app: ${inventory.metricAlarms} metric alarms (${inventory.alarmMetrics.standard} billed alarm metrics, ${inventory.alarmMetrics.highResolution} high-res), ` +
    `${inventory.compositeAlarms} composite, ${inventory.dashboards} dashboard(s), ${inventory.kmsKeys} KMS keys, ${inventory.secrets} secret(s), ${inventory.webAcls} web ACLs with ` +
    `${inventory.wafRules} rules, ${inventory.customMetrics} custom metric series (metric-names.ts × dimension values), ${inventory.backupsKept.warm.toFixed(0)} backups kept warm and ${inventory.backupsKept.cold.toFixed(0)} cold, ` +
    `${inventory.restoreTestsPerMonth.toFixed(2)} restore tests/month; scheduled runs/month: reconciler ${qty(inventory.scheduledRunsPerMonth.reconciler)}, ` +
    `health probe ${qty(inventory.scheduledRunsPerMonth.healthProbe)}, backup-events ${qty(inventory.scheduledRunsPerMonth.backupEvents)}; memory MB ${JSON.stringify(inventory.memoryMb)}.`,
);
console.log(
  `Measured: ${measured.emfBytesPerApiRequest} B of EMF/logs per API request (the HTTP adapter, INFO), ${measured.accessLogBytesPerRequest} B per access log line, ` +
    `prompt ~${measured.promptTokens.typical} tokens typical / ~${measured.promptTokens.worst} with a full voice, output caps ${measured.outputTokenCap.typical}/${measured.outputTokenCap.worst}, ` +
    `web first load ${webBytes} B gzipped (web/dist).`,
);
console.log('Usage model: assumptions at the top of bin/bench/monthly-cost.ts (e.g. 50% of users active a month, 8 days each, 12 API requests a session; ~2 mails per active user a month).');

function printTable(users: number, items: LineItem[]): void {
  console.log(`\n=== ${users.toLocaleString('en-US')} registered users (${(users * USAGE.monthlyActiveShare).toLocaleString('en-US')} active) ===`);
  console.log(`${'item'.padEnd(78)}${'quantity'.padStart(14)}  ${'unit'.padEnd(15)}${'unit $'.padStart(12)}${'free'.padStart(10)}${'monthly $'.padStart(11)}`);
  for (const item of items) {
    const name = `${item.service}: ${item.item}`.slice(0, 77);
    console.log(
      `${name.padEnd(78)}${qty(item.quantity).padStart(14)}  ${item.unit.padEnd(15)}${usd(item.unitPrice).padStart(12)}${(item.free ? qty(item.free) : '').padStart(10)}${usd(item.monthly).padStart(11)}`,
    );
  }
  const t = totals(items);
  console.log(`AWS total, list prices, no free allowances: $${t.aws.toFixed(2)}/month = $${(t.aws / users).toFixed(4)} per user`);
  console.log(`  after the free allowances AWS lists as never expiring ("free" column): $${t.awsAfterFree.toFixed(2)}/month`);
  console.log(`OpenAI, typical usage: $${t.openAiTypical.toFixed(2)}/month; AWS + OpenAI: $${t.withOpenAi.toFixed(2)}/month = $${(t.withOpenAi / users).toFixed(4)} per user`);
  console.log(`OpenAI worst case (every user at the free tier's ${measured.freeAiGenerationsPerDay} generations/day, long drafts, full voice): $${t.openAiWorst.toFixed(0)}/month (not in the totals)`);
}

for (const users of userCounts) {
  const mail = mailCostLines(users * USAGE.monthlyActiveShare, mailInventory, MAIL_USAGE, PRICES);
  printTable(users, [...estimateMonthlyCost(users, inventory, USAGE, measured, PRICES), ...mail]);
  const mails = users * USAGE.monthlyActiveShare * MAIL_USAGE.mailsPerActiveUser;
  const mailTotal = mail.reduce((sum, item) => sum + item.monthly, 0);
  console.log(
    `Mail to users (in the total above): ${Math.round(mails).toLocaleString('en-US')} mails a month, $${mailTotal.toFixed(2)}/month, ` +
      `$${((mailTotal / mails) * 1000).toFixed(3)} per 1,000 mails all in (SES alone: $${PRICES.sesPer1000Emails.toFixed(2)} per 1,000; the every-minute sweep is the fixed part).`,
  );
}
console.log('\nNot included: SNS alarm emails/SMS, the optional backup copy region, CloudTrail, data transfer between AWS services, tax.');
