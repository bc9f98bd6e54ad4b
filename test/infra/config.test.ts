import { App } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { AI_SETTINGS } from '@lambdas/core/ai/ai-settings';
import { LINKEDIN_API_VERSION } from '@contract/linkedin-version';
import { authRedirectUrls, CONTEXT, FALLBACK_REGION, LOCAL_WEB_URL, readConfig } from '../../lib/config';
import { CDK_JSON_CONTEXT } from './support/synth';

const configFrom = (context: Record<string, unknown>, env: Record<string, string> = {}) => readConfig(new App({ context }).node, env);

describe('deployment configuration (CDK context)', () => {
  it('gives cdk.json a default for every key it reads, so a bare `cdk synth` works', () => {
    const operations = [CONTEXT.alarmEmail, CONTEXT.alarmSms, CONTEXT.lambdaConcurrencyLimit, CONTEXT.backupCopyRegion, CONTEXT.runbookUrl, CONTEXT.existingTableName, CONTEXT.mailDomain, CONTEXT.mailFrom];
    for (const key of [CONTEXT.stage, CONTEXT.retainData, CONTEXT.logRetentionDays, CONTEXT.logLevel, CONTEXT.apiRateLimit, CONTEXT.apiBurstLimit, CONTEXT.apiKeyBudget, ...operations]) {
      expect(CDK_JSON_CONTEXT).toHaveProperty(key);
    }
    expect(configFrom(CDK_JSON_CONTEXT)).toEqual(configFrom({}));
  });

  it('defaults to a retained dev stage', () => {
    expect(configFrom({})).toEqual({
      stage: 'dev',
      resourcePrefix: 'mark0-dev',
      stackPrefix: 'Mark0-dev',
      region: FALLBACK_REGION,
      authDomainPrefix: undefined,
      retainData: true,
      logRetention: RetentionDays.ONE_MONTH,
      logLevel: 'INFO',
      apiThrottle: { rateLimit: 100, burstLimit: 200 },
      apiKeyBudget: 8000,
      openai: { model: AI_SETTINGS.defaultModel, baseUrl: 'https://api.openai.com/v1' },
      alarmEmails: [],
      alarmSmsNumbers: [],
      lambdaConcurrencyLimit: 1_000,
      backupCopyRegion: undefined,
      runbookUrl: 'docs/RUNBOOK.md',
      existingTableName: undefined,
      linkedinVersion: LINKEDIN_API_VERSION,
      mail: { domain: 'example.com', from: 'notifications@example.com' },
    });
  });

  it('reads the mail domain and From address, the address defaulting to notifications@ the domain', () => {
    expect(configFrom({ mailDomain: 'Mark0.Example.org' }).mail).toEqual({ domain: 'mark0.example.org', from: 'notifications@mark0.example.org' });
    expect(configFrom({ mailDomain: 'example.org', mailFrom: 'hello@mail.example.org' }).mail).toEqual({ domain: 'example.org', from: 'hello@mail.example.org' });
    expect(() => configFrom({ mailDomain: 'example.org', mailFrom: 'hello@example.net' })).toThrow(/mailFrom.*an address at example\.org/);
    expect(() => configFrom({ mailDomain: 'localhost' })).toThrow(/mailDomain.*a domain you control/);
    expect(() => configFrom({ mailDomain: 'example.org', mailFrom: 'Mark <hello@example.org>' })).toThrow(/mailFrom/);
  });

  it('reads the AI model and an OpenAI-compatible endpoint', () => {
    expect(configFrom({ openaiModel: 'gpt-4.1-nano', openaiBaseUrl: 'https://llm.example.com/v1/' }).openai).toEqual({
      model: 'gpt-4.1-nano',
      baseUrl: 'https://llm.example.com/v1',
    });
  });

  it('reads `-c` values, which arrive as strings', () => {
    const config = configFrom({ stage: 'prod', region: 'eu-west-3', retainData: 'false', logRetentionDays: '90', logLevel: 'debug', apiRateLimit: '50', linkedinVersion: 202609 });
    expect(config).toMatchObject({
      stage: 'prod',
      stackPrefix: 'Mark0-prod',
      region: 'eu-west-3',
      retainData: false,
      logRetention: RetentionDays.THREE_MONTHS,
      logLevel: 'DEBUG',
      apiThrottle: { rateLimit: 50, burstLimit: 200 },
      linkedinVersion: '202609',
    });
  });

  it.each([
    [{ stage: 'Prod' }, /stage/],
    [{ stage: 'a-stage-name-far-too-long' }, /stage/],
    [{ region: 'Europe' }, /region/],
    [{ authDomainPrefix: 'my-aws-login' }, /authDomainPrefix/],
    [{ retainData: 'yes' }, /retainData/],
    [{ logRetentionDays: '31' }, /CloudWatch Logs accepts only/],
    [{ logLevel: 'LOUD' }, /logLevel/],
    [{ apiBurstLimit: '-5' }, /positive integer/],
    [{ alarmEmail: 'ops.example.com' }, /Invalid context "alarmEmail": "ops.example.com" is not an email address: write it like ops@example.com/],
    [{ alarmEmail: 'ok@example.com, Ops <ops@example.com>' }, /"Ops <ops@example.com>" is not an email address/],
    [{ alarmEmail: 'ops@localhost' }, /"ops@localhost" is not an email address/],
    [{ alarmSms: '0612345678' }, /Invalid context "alarmSms": "0612345678" is not an E.164 phone number: write \+ then the country code/],
    [{ alarmSms: '+33 6 12 34 56 78' }, /is not an E.164 phone number/],
    [{ alarmSms: '+3361234567890123' }, /is not an E.164 phone number/],
    [{ lambdaConcurrencyLimit: '0' }, /lambdaConcurrencyLimit.*positive integer/],
    [{ backupCopyRegion: 'Frankfurt' }, /expected an AWS region such as eu-central-1/],
    [{ runbookUrl: 'http://wiki.example.com/runbook' }, /runbookUrl/],
    [{ existingTableName: 'my table' }, /existingTableName.*expected a DynamoDB table name/],
    [{ runbookUrl: 'https://github.com/o/r/blob/main/docs/RUNBOOK.md#top' }, /without #anchor/],
    [{ linkedinVersion: '2026-07' }, /linkedinVersion.*YYYYMM/],
    [{ apiRateLimit: '20' }, /at least 50, the highest tier/],
    [{ apiBurstLimit: '99' }, /at least 100, the highest tier/],
    [{ apiKeyBudget: '10001' }, /0 to 10000/],
    [{ apiKeyBudget: '1.5' }, /whole number/],
    [{ openaiModel: 'gpt 4 mini' }, /openaiModel/],
    [{ openaiBaseUrl: 'http://llm.example.com/v1' }, /openaiBaseUrl.*https/],
    [{ openaiBaseUrl: 'https://user:secret@llm.example.com/v1' }, /openaiBaseUrl/],
  ])('refuses %j with a clear message', (context, message) => {
    expect(() => configFrom(context)).toThrow(message);
  });

  it("takes the CLI's default region (from the AWS profile) when no region is given, and the context's over it", () => {
    expect(configFrom({}, { CDK_DEFAULT_REGION: 'ap-southeast-2' }).region).toBe('ap-southeast-2');
    expect(configFrom({ region: 'eu-central-1' }, { CDK_DEFAULT_REGION: 'ap-southeast-2' }).region).toBe('eu-central-1');
  });

  it('lets Cognito send the browser back to the hosted web app and to a machine running npm start', () => {
    expect(authRedirectUrls('https://d123.cloudfront.net')).toEqual([LOCAL_WEB_URL, 'https://d123.cloudfront.net/']);
  });

  it('reads alarm recipients as comma-separated lists, and the operations settings', () => {
    expect(
      configFrom({
        alarmEmail: 'ops@example.com, oncall@example.org',
        alarmSms: '+33612345678,+14155550123',
        lambdaConcurrencyLimit: '400',
        backupCopyRegion: 'eu-central-1',
        runbookUrl: 'https://github.com/acme/mark0/blob/main/docs/RUNBOOK.md',
      }),
    ).toMatchObject({
      alarmEmails: ['ops@example.com', 'oncall@example.org'],
      alarmSmsNumbers: ['+33612345678', '+14155550123'],
      lambdaConcurrencyLimit: 400,
      backupCopyRegion: 'eu-central-1',
      runbookUrl: 'https://github.com/acme/mark0/blob/main/docs/RUNBOOK.md',
    });
  });
});
