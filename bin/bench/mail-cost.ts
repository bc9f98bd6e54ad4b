import type { LineItem } from './cost-model';
import type { PriceTable } from './prices';
import { runsPerMonth, type CfnTemplate } from './app-inventory';

/** What the mail stack holds, counted from its template. */
export interface MailInventory {
  memoryMb: number;
  /** Invocations a month from its EventBridge rules (the sweep every minute, the daily job). */
  scheduledRunsPerMonth: number;
}

/** How many mails people get and what each costs the app; every number is an assumption (bin/bench/monthly-cost.ts). */
export interface MailUsage {
  /** Mails per active user per month: failures, reconnect reminders (two per 60-day token), weekly summaries for those who opt in. */
  mailsPerActiveUser: number;
  /** Bytes of one mail (text + HTML parts, headers). */
  bytesPerMail: number;
  /** Events on the mail queue per mail (post.failed/post.waiting/connection_lost, SES's Send event, an occasional bounce). */
  queueMessagesPerMail: number;
  /** DynamoDB writes per mail: collecting (a transaction of 3 items, doubled), the claim, `calling`, the finish, with their index copies. */
  wruPerMail: number;
  /** Reads per mail (profile, preferences, suppression, the posts it lists) and per sweep (a Query on each of 3 day buckets). */
  rruPerMail: number;
  rruPerSweep: number;
  durationMs: { sweep: number; perMail: number };
}

const M = 1e6;

function line(service: string, item: string, quantity: number, unit: string, unitPrice: number, basis: LineItem['basis'], free = 0): LineItem {
  return { service, item, quantity, unit, unitPrice, free, monthly: quantity * unitPrice, monthlyAfterFree: Math.max(0, quantity - free) * unitPrice, kind: 'aws', basis };
}

/** What mail to users adds to the bill for `activeUsers` a month. */
export function mailCostLines(activeUsers: number, inv: MailInventory, use: MailUsage, p: PriceTable): LineItem[] {
  const mails = activeUsers * use.mailsPerActiveUser;
  const runs = inv.scheduledRunsPerMonth;
  const queueMessages = mails * use.queueMessagesPerMail;
  const invocations = runs + queueMessages / 10; // the queue is read in batches of up to 10
  const gbSeconds = (runs * use.durationMs.sweep + mails * use.durationMs.perMail) / 1000 * (inv.memoryMb / 1024);
  return [
    line('SES', 'mails to users (outbound)', mails / 1000, '1k mails', p.sesPer1000Emails, 'assumption'),
    line('SES', 'data sent', (mails * use.bytesPerMail) / 1e9, 'GB', p.sesPerGbSent, 'assumption'),
    line('SNS', "SES's notifications (send, bounce, complaint)", mails / M, '1M publishes', p.snsPerMillionPublishes, 'assumption'),
    line('SQS', 'mail queue (send/receive/delete)', (queueMessages * 3) / M, '1M requests', p.sqsPerMillion, 'assumption'),
    line('Lambda', `mail function (${Math.round(runs).toLocaleString('en-US')} scheduled runs + queue batches)`, invocations / M, '1M requests', p.lambdaPerMillionRequests, 'template'),
    line('Lambda', 'mail function compute', gbSeconds, 'GB-s', p.lambdaPerGbSecondArm, 'assumption'),
    line('DynamoDB', 'mail writes (outbox, dedupe, open mail)', (mails * use.wruPerMail) / M, '1M WRU', p.dynamoPerMillionWru, 'assumption'),
    line('DynamoDB', 'mail reads (sweeps, composing)', (runs * use.rruPerSweep + mails * use.rruPerMail) / M, '1M RRU', p.dynamoPerMillionRru, 'assumption'),
  ];
}

/** The mail function's memory and schedules, from the templates. */
export function mailInventoryOf(templates: CfnTemplate[]): MailInventory {
  const resources = templates.flatMap((template) => Object.entries(template.Resources ?? {}));
  const fn = resources.find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('MailFunction'));
  if (!fn) throw new Error('no mail function (logical id MailFunction*) in the templates');
  const scheduledRunsPerMonth = resources
    .filter(([, r]) => r.Type === 'AWS::Events::Rule' && typeof r.Properties?.['ScheduleExpression'] === 'string')
    .filter(([, r]) => JSON.stringify(r.Properties?.['Targets']).includes(`"${fn[0]}"`))
    .reduce((sum, [, r]) => sum + runsPerMonth(r.Properties!['ScheduleExpression'] as string), 0);
  return { memoryMb: Number(fn[1].Properties?.['MemorySize'] ?? 128), scheduledRunsPerMonth };
}
