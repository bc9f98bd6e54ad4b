import type { Node } from 'constructs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { STAGE_THROTTLE_DEFAULT } from '@contract/gateway-settings';
import { highestThrottle } from '@contract/tiers';
import { API_KEYS_PER_REGION, DEFAULT_API_KEY_BUDGET } from '@contract/usage-plans';
import { AI_SETTINGS } from '@lambdas/core/ai/ai-settings';
import { LINKEDIN_API_VERSION, isLinkedInVersion } from '@contract/linkedin-version';

/**
 * Deployment configuration, read once from CDK context (cdk.json defaults,
 * overridden with `-c key=value`) into one typed, validated object. Stacks and
 * constructs take what they need from here; nothing else reads context.
 */
export interface MarkConfig {
  /** Names every stack and resource prefix, e.g. `dev`, `prod`. */
  stage: string;
  /** `mark0-<stage>`: the prefix of physical names (user pool, log groups, key alias…). */
  resourcePrefix: string;
  /** `Mark0-<stage>`: the prefix of stack names. */
  stackPrefix: string;
  /**
   * The region of every stack but the edge stack (whose WAF web ACL CloudFront
   * requires in us-east-1). Explicit because references between stacks in two
   * regions are resolved at synth time: context `region`, else the CLI's
   * default region (CDK_DEFAULT_REGION, from the AWS profile), else us-east-1
   * (an offline synth without a profile).
   */
  region: string;
  /** Cognito hosted UI domain prefix; unset: `mark0-<stage>-<account id>` (unique per region). */
  authDomainPrefix?: string;
  /** Keep stateful resources (table, user pool, key, secret) when their stack is deleted. */
  retainData: boolean;
  logRetention: RetentionDays;
  logLevel: LogLevel;
  /**
   * The stage's default throttle, which API Gateway applies to each method on
   * its own, above the per-user usage plans; also the cap of each pooled key's
   * plan. Never below the highest tier's rate and burst.
   */
  apiThrottle: { rateLimit: number; burstLimit: number };
  /** LinkedIn-Version (YYYYMM) the publisher sends and the daily check watches; default LINKEDIN_API_VERSION. */
  linkedinVersion: string;
  /** Dedicated API keys this stage may create before users share pooled keys (of the account's 10,000 per region). */
  apiKeyBudget: number;
  /** The AI model and the OpenAI-compatible endpoint the ai function calls (the key lives in the app secret). */
  openai: { model: string; baseUrl: string };
  /** Who hears about alarms: every address gets both topics (page and notify); may be empty (subscribe later). */
  alarmEmails: string[];
  /** E.164 numbers that get the page topic by SMS ("users are hurt now" only). */
  alarmSmsNumbers: string[];
  /** The account's Lambda concurrency limit (Service Quotas); the concurrency alarm fires at 80% of it. */
  lambdaConcurrencyLimit: number;
  /** Region that gets a copy of every backup (a second vault there); unset: no copy. */
  backupCopyRegion?: string;
  /** Base of the runbook links in alarm descriptions, e.g. the repository's web URL of docs/RUNBOOK.md. */
  runbookUrl: string;
  /**
   * Disaster recovery: run the app on this existing table (one restored from PITR or
   * AWS Backup) instead of the data stack's own. See docs/RUNBOOK.md#restore-from-backup.
   */
  existingTableName?: string;
  /**
   * Mail to users (Amazon SES): the domain verified as an SES identity (DKIM records to publish are stack
   * outputs) and the From address, at that domain or a subdomain of it.
   */
  mail: { domain: string; from: string };
}

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Context keys this app reads (cdk.json holds a default for each). */
export const CONTEXT = {
  stage: 'stage',
  region: 'region',
  authDomainPrefix: 'authDomainPrefix',
  retainData: 'retainData',
  logRetentionDays: 'logRetentionDays',
  logLevel: 'logLevel',
  apiRateLimit: 'apiRateLimit',
  apiBurstLimit: 'apiBurstLimit',
  linkedinVersion: 'linkedinVersion',
  apiKeyBudget: 'apiKeyBudget',
  openaiModel: 'openaiModel',
  openaiBaseUrl: 'openaiBaseUrl',
  alarmEmail: 'alarmEmail',
  alarmSms: 'alarmSms',
  lambdaConcurrencyLimit: 'lambdaConcurrencyLimit',
  backupCopyRegion: 'backupCopyRegion',
  runbookUrl: 'runbookUrl',
  existingTableName: 'existingTableName',
  mailDomain: 'mailDomain',
  mailFrom: 'mailFrom',
} as const;

/** cdk.json's mail defaults: a synth works without them, and a deploy with them sends nothing anyone receives (lib/README.md). */
export const PLACEHOLDER_MAIL_DOMAIN = 'example.com';

/** Where the local runtime and `vite dev` serve the web app; always a valid sign-in redirect. */
export const LOCAL_WEB_URL = 'http://localhost:3000/';

/** Where a synth without a region (no -c region, no AWS profile) places the stacks. */
export const FALLBACK_REGION = 'us-east-1';

/** Where Cognito may send the browser after sign-in and sign-out: the hosted web app, and a machine's npm start. */
export function authRedirectUrls(webOrigin: string): string[] {
  return [LOCAL_WEB_URL, `${webOrigin}/`];
}

const DEFAULTS = {
  stage: 'dev',
  retainData: true,
  logRetentionDays: RetentionDays.ONE_MONTH,
  logLevel: 'INFO',
  apiRateLimit: STAGE_THROTTLE_DEFAULT.rateLimit,
  apiBurstLimit: STAGE_THROTTLE_DEFAULT.burstLimit,
  apiKeyBudget: DEFAULT_API_KEY_BUDGET,
  openaiModel: AI_SETTINGS.defaultModel,
  openaiBaseUrl: AI_SETTINGS.defaultBaseUrl,
  // New accounts may start far lower (as low as 10): check Service Quotas and pass the real value.
  lambdaConcurrencyLimit: 1_000,
  runbookUrl: 'docs/RUNBOOK.md',
  linkedinVersion: LINKEDIN_API_VERSION,
} as const;

export class ConfigError extends Error {
  constructor(key: string, message: string) {
    super(`Invalid context "${key}": ${message}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from a construct's context (normally the App's); `env` gives the CLI's default region. */
export function readConfig(node: Node, env: Record<string, string | undefined> = process.env): MarkConfig {
  const get = (key: string): unknown => {
    const value: unknown = node.tryGetContext(key);
    return value === '' || value === null ? undefined : value;
  };

  const stage = parseStage(get(CONTEXT.stage) ?? DEFAULTS.stage);
  const authDomainPrefix = parseDomainPrefix(get(CONTEXT.authDomainPrefix));
  return {
    stage,
    resourcePrefix: `mark0-${stage}`,
    stackPrefix: `Mark0-${stage}`,
    region: parseRegion(CONTEXT.region, get(CONTEXT.region) ?? (env['CDK_DEFAULT_REGION'] || undefined)) ?? FALLBACK_REGION,
    authDomainPrefix,
    retainData: parseBoolean(CONTEXT.retainData, get(CONTEXT.retainData) ?? DEFAULTS.retainData),
    logRetention: parseRetention(get(CONTEXT.logRetentionDays) ?? DEFAULTS.logRetentionDays),
    logLevel: parseLogLevel(get(CONTEXT.logLevel) ?? DEFAULTS.logLevel),
    apiThrottle: {
      rateLimit: atLeast(CONTEXT.apiRateLimit, parsePositiveInt(CONTEXT.apiRateLimit, get(CONTEXT.apiRateLimit) ?? DEFAULTS.apiRateLimit), highestThrottle().rateLimit),
      burstLimit: atLeast(CONTEXT.apiBurstLimit, parsePositiveInt(CONTEXT.apiBurstLimit, get(CONTEXT.apiBurstLimit) ?? DEFAULTS.apiBurstLimit), highestThrottle().burstLimit),
    },
    linkedinVersion: parseLinkedInVersion(get(CONTEXT.linkedinVersion) ?? DEFAULTS.linkedinVersion),
    apiKeyBudget: parseKeyBudget(get(CONTEXT.apiKeyBudget) ?? DEFAULTS.apiKeyBudget),
    openai: {
      model: parseModel(get(CONTEXT.openaiModel) ?? DEFAULTS.openaiModel),
      baseUrl: parseBaseUrl(get(CONTEXT.openaiBaseUrl) ?? DEFAULTS.openaiBaseUrl),
    },
    alarmEmails: parseList(CONTEXT.alarmEmail, get(CONTEXT.alarmEmail)).map(parseEmail),
    alarmSmsNumbers: parseList(CONTEXT.alarmSms, get(CONTEXT.alarmSms)).map(parsePhoneNumber),
    lambdaConcurrencyLimit: parsePositiveInt(CONTEXT.lambdaConcurrencyLimit, get(CONTEXT.lambdaConcurrencyLimit) ?? DEFAULTS.lambdaConcurrencyLimit),
    backupCopyRegion: parseRegion(CONTEXT.backupCopyRegion, get(CONTEXT.backupCopyRegion)),
    runbookUrl: parseRunbookUrl(get(CONTEXT.runbookUrl) ?? DEFAULTS.runbookUrl),
    existingTableName: parseTableName(get(CONTEXT.existingTableName)),
    mail: parseMail(get(CONTEXT.mailDomain) ?? PLACEHOLDER_MAIL_DOMAIN, get(CONTEXT.mailFrom)),
  };
}

function parseMail(domainValue: unknown, fromValue: unknown): MarkConfig['mail'] {
  const domain = typeof domainValue === 'string' ? domainValue.trim().toLowerCase().replace(/\.$/, '') : '';
  if (!/^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain)) {
    throw new ConfigError(CONTEXT.mailDomain, `expected a domain you control, such as example.com, got ${JSON.stringify(domainValue)}`);
  }
  const from = fromValue === undefined ? `notifications@${domain}` : String(fromValue).trim();
  const at = from.lastIndexOf('@');
  const fromDomain = from.slice(at + 1).toLowerCase();
  if (at < 1 || !/^[A-Za-z0-9._%+-]+$/.test(from.slice(0, at)) || !(fromDomain === domain || fromDomain.endsWith(`.${domain}`))) {
    throw new ConfigError(CONTEXT.mailFrom, `expected an address at ${domain} (the mailDomain identity) or a subdomain, such as notifications@${domain}, got ${JSON.stringify(fromValue)}`);
  }
  return { domain, from };
}

/** `-c alarmEmail=a@x.com,b@y.com`: one value or a comma-separated list (blanks ignored). */
function parseList(key: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value !== 'string') throw new ConfigError(key, `expected a string (a comma-separated list), got ${JSON.stringify(value)}`);
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function parseEmail(value: string): string {
  // What SNS can deliver to: one address, no display name, a dotted domain.
  if (value.length > 254 || !/^[^\s@<>(),;:"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(value)) {
    throw new ConfigError(CONTEXT.alarmEmail, `${JSON.stringify(value)} is not an email address: write it like ops@example.com (several: comma-separated)`);
  }
  return value;
}

function parsePhoneNumber(value: string): string {
  // E.164 as SNS wants it: +, country code, subscriber number; digits only, at most 15.
  if (!/^\+[1-9]\d{7,14}$/.test(value)) {
    throw new ConfigError(
      CONTEXT.alarmSms,
      `${JSON.stringify(value)} is not an E.164 phone number: write + then the country code and the number, digits only, e.g. +33612345678`,
    );
  }
  return value;
}

function parseRegion(key: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(value)) {
    throw new ConfigError(key, `expected an AWS region such as eu-central-1, got ${JSON.stringify(value)}`);
  }
  return value;
}

function parseRunbookUrl(value: unknown): string {
  if (typeof value !== 'string' || !(/^https:\/\/\S+$/.test(value) || /^[\w./-]+\.md$/.test(value)) || value.includes('#')) {
    throw new ConfigError(CONTEXT.runbookUrl, `expected https://… or a path to a .md file, without #anchor, got ${JSON.stringify(value)}`);
  }
  return value;
}

function parseTableName(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  // DynamoDB's own rule for table names.
  if (typeof value !== 'string' || !/^[A-Za-z0-9_.-]{3,255}$/.test(value)) {
    throw new ConfigError(CONTEXT.existingTableName, `expected a DynamoDB table name (3-255 letters, digits, _ . -), got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A stage throttle below a tier's plan would quietly cut that tier down to the stage's figure. */
function atLeast(key: string, value: number, tierValue: number): number {
  if (value < tierValue) throw new ConfigError(key, `must be at least ${tierValue}, the highest tier's figure in lambdas/contract/tiers.ts, got ${value}`);
  return value;
}

function parseKeyBudget(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > API_KEYS_PER_REGION) {
    throw new ConfigError(CONTEXT.apiKeyBudget, `expected a whole number from 0 to ${API_KEYS_PER_REGION} (API Gateway's keys per account and region), got ${JSON.stringify(value)}`);
  }
  return n;
}

function parseModel(value: unknown): string {
  if (typeof value !== 'string' || !/^[\w.:/-]{1,100}$/.test(value)) {
    throw new ConfigError(CONTEXT.openaiModel, `expected a model name such as ${AI_SETTINGS.defaultModel}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function parseBaseUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  // A Lambda reaches the provider over the internet: https only, and no credentials in the URL (they would sit in the template).
  if (!url || url.protocol !== 'https:' || url.username || url.password || url.search || url.hash) {
    throw new ConfigError(CONTEXT.openaiBaseUrl, `expected an https URL such as ${AI_SETTINGS.defaultBaseUrl}, got ${JSON.stringify(value)}`);
  }
  return url.href.replace(/\/$/, '');
}

function parseLinkedInVersion(value: unknown): string {
  const version = String(value);
  if (!/^\d{6}$/.test(version) || !isLinkedInVersion(version)) {
    throw new ConfigError(CONTEXT.linkedinVersion, `expected YYYYMM, such as ${LINKEDIN_API_VERSION}, got ${JSON.stringify(value)}`);
  }
  return version;
}

function parseStage(value: unknown): string {
  // Short and lowercase: it ends up in stack names, the API stage, Cognito's domain prefix and log group names.
  if (typeof value !== 'string' || !/^[a-z][a-z0-9-]{0,15}$/.test(value)) {
    throw new ConfigError(CONTEXT.stage, `expected 1-16 lowercase letters, digits or dashes starting with a letter, got ${JSON.stringify(value)}`);
  }
  return value;
}


function parseDomainPrefix(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  // Cognito's own rule: lowercase letters, digits and dashes, and no reserved words.
  if (typeof value !== 'string' || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(value) || /aws|amazon|cognito/.test(value)) {
    throw new ConfigError(CONTEXT.authDomainPrefix, `expected 1-63 lowercase letters, digits or dashes without "aws", "amazon" or "cognito", got ${JSON.stringify(value)}`);
  }
  return value;
}

function parseBoolean(key: string, value: unknown): boolean {
  // `-c retainData=false` arrives as a string; cdk.json gives a real boolean.
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new ConfigError(key, `expected true or false, got ${JSON.stringify(value)}`);
}

function parsePositiveInt(key: string, value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) {
    throw new ConfigError(key, `expected a positive integer, got ${JSON.stringify(value)}`);
  }
  return n;
}

function parseRetention(value: unknown): RetentionDays {
  const days = parsePositiveInt(CONTEXT.logRetentionDays, value);
  const allowed = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number');
  if (!allowed.includes(days)) {
    throw new ConfigError(CONTEXT.logRetentionDays, `CloudWatch Logs accepts only ${allowed.join(', ')} days, got ${days}`);
  }
  return days as RetentionDays;
}

function parseLogLevel(value: unknown): LogLevel {
  const level = typeof value === 'string' ? value.toUpperCase() : value;
  if (!(LOG_LEVELS as readonly unknown[]).includes(level)) {
    throw new ConfigError(CONTEXT.logLevel, `expected one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return level as LogLevel;
}
