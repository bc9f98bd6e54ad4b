import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from './support/synth';

/**
 * What a security reviewer checks in the synthesized templates, over EVERY stack
 * and resource (so a stack or resource added later is covered without an edit
 * here): IAM scoped, data encrypted at rest, CORS only for the web app's origin,
 * every log group with a retention.
 */
const { app, config } = buildApp({ backupCopyRegion: 'eu-central-1' });
const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));

type Resource = { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, unknown> };
const resources: { stack: string; id: string; resource: Resource }[] = stacks.flatMap((stack) =>
  Object.entries((Template.fromStack(stack).toJSON() as { Resources?: Record<string, Resource> }).Resources ?? {}).map(([id, resource]) => ({ stack: stack.stackName, id, resource })),
);
const ofType = (type: string) => resources.filter((r) => r.resource.Type === type);

interface Statement {
  Effect: string;
  Action?: string | string[];
  Resource?: unknown;
}
/** Every Allow statement of every identity policy, with where it is. */
const statements: { where: string; statement: Statement }[] = resources.flatMap(({ stack, id, resource }) => {
  const docs: { PolicyDocument: { Statement: Statement[] } }[] = [];
  if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') docs.push(resource.Properties as any);
  if (resource.Type === 'AWS::IAM::Role') docs.push(...((resource.Properties?.['Policies'] as any[]) ?? []));
  return docs.flatMap((doc) => doc.PolicyDocument.Statement.filter((s) => s.Effect === 'Allow').map((statement) => ({ where: `${stack}/${id}`, statement })));
});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/**
 * Actions AWS grants on no resource narrower than `*` (so `*` is the scoped form).
 * Each needs its reason; anything else on `Resource: *` fails the test.
 */
const ACTIONS_WITHOUT_RESOURCE_SCOPE: Record<string, string> = {
  'backup:UpdateRegionSettings': 'a region-wide setting (advanced DynamoDB backups), set once by the backup stack: no resource ARN exists',
  'backup:PutRestoreValidationResult': 'AWS Backup defines no resource type for restore-job validation results',
  'xray:PutTraceSegments': 'X-Ray has no resource-level permissions',
  'xray:PutTelemetryRecords': 'X-Ray has no resource-level permissions',
  'xray:GetSamplingRules': 'X-Ray has no resource-level permissions',
  'xray:GetSamplingTargets': 'X-Ray has no resource-level permissions',
};

/**
 * Wildcard actions (`service:Verb*`) come only from CDK's own grant helpers on constructs
 * we do not write (BucketDeployment copying the built web app), on named buckets only.
 */
function isCdkBucketDeploymentGrant(where: string, statement: Statement): boolean {
  return where.includes('CustomCDKBucketDeployment') && list(statement.Action).every((a) => typeof a === 'string' && a.startsWith('s3:'));
}

/** Functions CDK creates with no way to choose their log group, each with why that is acceptable. */
const FUNCTIONS_WITHOUT_LOG_SETTINGS: Record<string, string> = {
  CustomS3AutoDeleteObjectsCustomResourceProviderHandler:
    "CDK's provider that empties a throwaway bucket when its stack is deleted (autoDeleteObjects); it takes no log settings and runs only then",
};

describe('security posture of the synthesized app (every stack)', () => {
  it('covers every stack the app builds', () => {
    expect(stacks.map((s) => s.stackName).sort()).toEqual(expect.arrayContaining([`${config.resourcePrefix.replace('mark0', 'Mark0')}-Api`]));
    expect(resources.length).toBeGreaterThan(100);
    expect(statements.length).toBeGreaterThan(20);
  });

  it('grants no action "*" or "service:*", and wildcard actions only where CDK writes the grant', () => {
    const offenders = statements.flatMap(({ where, statement }) =>
      list(statement.Action)
        .filter((action): action is string => typeof action === 'string' && action.includes('*'))
        .filter((action) => action === '*' || action.endsWith(':*') || !isCdkBucketDeploymentGrant(where, statement))
        .map((action) => `${where}: ${action}`),
    );
    expect(offenders).toEqual([]);
  });

  it('uses Resource "*" only for actions AWS offers no narrower resource for, each named with its reason', () => {
    const offenders = statements.flatMap(({ where, statement }) =>
      list(statement.Resource).includes('*') ? list(statement.Action).filter((a) => !(String(a) in ACTIONS_WITHOUT_RESOURCE_SCOPE)).map((a) => `${where}: ${String(a)} on *`) : [],
    );
    expect(offenders).toEqual([]);
  });

  it('encrypts every table, queue, topic and bucket at rest', () => {
    const unencrypted = [
      ...ofType('AWS::DynamoDB::Table').filter((r) => r.resource.Properties?.['SSESpecification']?.['SSEEnabled'] !== true),
      ...ofType('AWS::DynamoDB::GlobalTable').filter((r) => r.resource.Properties?.['SSESpecification']?.['SSEEnabled'] !== true),
      ...ofType('AWS::KMS::Key').filter((r) => r.resource.Properties?.['EnableKeyRotation'] !== true),
      ...ofType('AWS::SQS::Queue').filter((r) => !r.resource.Properties?.['KmsMasterKeyId'] && r.resource.Properties?.['SqsManagedSseEnabled'] !== true),
      ...ofType('AWS::SNS::Topic').filter((r) => !r.resource.Properties?.['KmsMasterKeyId']),
      ...ofType('AWS::S3::Bucket').filter((r) => !r.resource.Properties?.['BucketEncryption']),
      ...ofType('AWS::Backup::BackupVault').filter((r) => !r.resource.Properties?.['EncryptionKeyArn']),
    ].map((r) => `${r.stack}/${r.id} (${r.resource.Type})`);
    expect(unencrypted).toEqual([]);
    // And there is something to check: the table, the publish queues, the alarm topics, the web bucket.
    for (const type of ['AWS::SQS::Queue', 'AWS::SNS::Topic', 'AWS::S3::Bucket']) expect(ofType(type).length, type).toBeGreaterThan(0);
    expect(ofType('AWS::DynamoDB::Table').length + ofType('AWS::DynamoDB::GlobalTable').length).toBeGreaterThan(0);
  });

  it('lets only the web app\'s origin make cross-origin calls (buckets, the API, functions)', () => {
    const allowed = resources.flatMap(({ stack, id, resource }) => {
      const found: string[] = [];
      for (const rule of (resource.Properties?.['CorsConfiguration']?.['CorsRules'] as { AllowedOrigins?: unknown[] }[] | undefined) ?? []) {
        for (const o of rule.AllowedOrigins ?? []) found.push(`${stack}/${id} bucket CORS: ${JSON.stringify(o)}`);
      }
      const env = resource.Properties?.['Environment']?.['Variables'] as Record<string, unknown> | undefined;
      if (env?.['CORS_ALLOW_ORIGIN'] !== undefined) found.push(`${stack}/${id} CORS_ALLOW_ORIGIN: ${JSON.stringify(env['CORS_ALLOW_ORIGIN'])}`);
      return found;
    });
    expect(allowed.length).toBeGreaterThan(0);
    expect(allowed.filter((entry) => entry.includes('"*"'))).toEqual([]);
  });

  it('gives every log group a retention', () => {
    const forever = ofType('AWS::Logs::LogGroup').filter((r) => r.resource.Properties?.['RetentionInDays'] === undefined).map((r) => `${r.stack}/${r.id}`);
    expect(forever).toEqual([]);
    expect(ofType('AWS::Logs::LogGroup').length).toBeGreaterThan(5);
  });

  it('writes every function\'s logs to a log group of ours (with a retention), not an implicit one kept forever', () => {
    const implicit = ofType('AWS::Lambda::Function')
      .filter((r) => !r.resource.Properties?.['LoggingConfig']?.['LogGroup'])
      .filter((r) => !Object.keys(FUNCTIONS_WITHOUT_LOG_SETTINGS).some((prefix) => r.id.startsWith(prefix)))
      .map((r) => `${r.stack}/${r.id}`);
    expect(implicit).toEqual([]);
  });
});
