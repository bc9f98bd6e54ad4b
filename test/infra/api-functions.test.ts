import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FUNCTION_CAPACITY } from '@contract/function-capacity';
import { FUNCTION_NAMES } from '@contract/routes';
import { HEALTH_SENTINEL_KEY } from '@contract/table-definition';
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../../lib/constructs/app-table';
import { ENV } from '@contract/environment';
import { DELETION_WORKER_TIMEOUT } from '../../lib/constructs/account-deletion';
import { FUNCTION_ACCESS } from '../../lib/stacks/api-stack';
import { actionsOf, crossStackValue, roleStatements, webOriginSource } from './support/api-template';
import { logicalId, synthApp } from './support/synth';

const { api, data, web, stacks } = synthApp();
const distributionDomain = { 'Fn::GetAtt': [logicalId(stacks.web.distribution), 'DomainName'] };
const apiFunctions = FUNCTION_NAMES.map((name) => ({ name, fn: stacks.api.functions[name] }));
const deletionWorker = stacks.api.accountDeletion.worker;
const allFunctions = [
  ...apiFunctions,
  { name: 'authorizer', fn: stacks.api.authorizerFunction },
  { name: 'usage-counter', fn: stacks.api.usageCounterFunction },
  { name: 'account-deletion', fn: deletionWorker },
];

function environmentOf(fnLogicalId: string): Record<string, unknown> {
  const resource = api.toJSON()['Resources'][fnLogicalId] as { Properties: { Environment: { Variables: Record<string, unknown> } } };
  return resource.Properties.Environment.Variables;
}

const SECRET_ACTIONS = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
const SCHEDULING_ACTIONS = ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule', 'iam:PassRole'];
const ENQUEUE_ACTIONS = ['sqs:SendMessage'];
/** The posts function keeps attached media (tag), signs previews (GetObject) and deletes a post's media. */
const MEDIA_ATTACH_ACTIONS = ['s3:DeleteObject', 's3:GetObject', 's3:PutObjectTagging'];
const crossStackRef = () => ({ 'Fn::GetStackOutput': expect.anything() });
const LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

describe('the API functions', () => {
  it('are one function per name in FUNCTION_NAMES, plus the authorizer, the usage counter and the account-deletion worker', () => {
    api.resourceCountIs('AWS::Lambda::Function', FUNCTION_NAMES.length + 3);
  });

  it.each(Object.entries(FUNCTION_CAPACITY))("%s has its capacity's timeout and reserved concurrency (contract/function-capacity.ts)", (name, capacity) => {
    const fn = name === 'authorizer' ? stacks.api.authorizerFunction : stacks.api.functions[name as keyof typeof stacks.api.functions];
    const resource = api.toJSON()['Resources'][logicalId(fn.function)] as { Properties: { Timeout: number; ReservedConcurrentExecutions?: number } };
    expect(resource.Properties.Timeout).toBe(capacity.timeoutSeconds);
    expect(resource.Properties.ReservedConcurrentExecutions).toBe(capacity.reservedConcurrency);
  });

  it('counts requests from the access log: the usage counter subscribes to it, for signed-in, dedicated-key requests that reached a function', () => {
    api.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      LogGroupName: { Ref: logicalId(stacks.api.restApi.accessLogs) },
      DestinationArn: { 'Fn::GetAtt': [logicalId(stacks.api.usageCounterFunction.function), 'Arn'] },
      FilterPattern: '{ ($.userId != "-") && ($.integrationStatus != "-") && ($.apiKeyMode != "pooled") }',
    });
  });

  it('stream the export (API Gateway invokes its function with InvokeWithResponseStream), and nothing else', () => {
    const methods = Object.values(api.findResources('AWS::ApiGateway::Method')) as { Properties: { Integration?: { ResponseTransferMode?: string; Uri?: unknown } } }[];
    const streamed = methods.filter((method) => method.Properties.Integration?.ResponseTransferMode === 'STREAM');
    expect(streamed).toHaveLength(1);
    expect(JSON.stringify(streamed[0]!.Properties.Integration!.Uri)).toContain('2021-11-15/functions/');
    expect(JSON.stringify(streamed[0]!.Properties.Integration!.Uri)).toContain('/response-streaming-invocations');
  });

  it.each(allFunctions)('$name runs Node.js 22 on ARM64 from an ESM bundle, with JSON logs', ({ name, fn }) => {
    api.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      // The media function holds a whole image or PDF to check it (up to 100 MB).
      MemorySize: name === 'media' ? 1024 : 512,
      Timeout: name === 'usage-counter' ? 30 : name === 'account-deletion' ? DELETION_WORKER_TIMEOUT.toSeconds() : FUNCTION_CAPACITY[name as keyof typeof FUNCTION_CAPACITY].timeoutSeconds,
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', LogGroup: { Ref: logicalId(fn.logGroup) } },
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'mark0',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
    expect(Object.keys(api.findResources('AWS::Lambda::Function', { Properties: { Role: { 'Fn::GetAtt': [logicalId(fn.role), 'Arn'] } } }))).toEqual([
      logicalId(fn.function),
    ]);
  });

  it('each log to their own log group, kept 30 days and removed with the stack', () => {
    api.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, allFunctions.length + 1 /* access logs */);
    api.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
  });

  it('use no AWS managed policy: each role may write only its own log group', () => {
    api.allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    for (const { fn } of allFunctions) {
      expect(roleStatements(api, logicalId(fn.role))).toContainEqual({
        Action: LOG_ACTIONS,
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [logicalId(fn.logGroup), 'Arn'] },
      });
    }
  });

  describe('least privilege', () => {
    const actions = (fn: (typeof allFunctions)[number]['fn']) => actionsOf(roleStatements(api, logicalId(fn.role)));

    it('the health function may only log and GetItem the health sentinel partition of the table', () => {
      expect(actions(stacks.api.functions.health)).toEqual([...LOG_ACTIONS, 'dynamodb:GetItem'].sort());
      expect(roleStatements(api, logicalId(stacks.api.functions.health.role))).toContainEqual({
        Action: 'dynamodb:GetItem',
        Effect: 'Allow',
        Resource: expect.anything(),
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [HEALTH_SENTINEL_KEY.PK] } },
      });
    });

    it('the account function reads and writes the table, reads the secret (unsubscribe links and the deletion record\'s email hash are keyed from it) and starts deletion jobs', () => {
      expect(actions(stacks.api.functions.account)).toEqual([...LOG_ACTIONS, ...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS, ...SECRET_ACTIONS, ...ENQUEUE_ACTIONS].sort());
      const send = roleStatements(api, logicalId(stacks.api.functions.account.role)).find((s) => s.Action === 'sqs:SendMessage');
      expect(send?.Resource).toEqual({ 'Fn::GetAtt': [logicalId(stacks.api.accountDeletion.queue), 'Arn'] });
    });

    it('the export function only reads the table and the secret (its files\' download links are signed with a key derived from it), and knows the API\'s URL (the web origin: CloudFront passes /v1/* to the API)', () => {
      expect(actions(stacks.api.functions.export)).toEqual([...LOG_ACTIONS, ...TABLE_READ_ACTIONS, ...SECRET_ACTIONS].sort());
      expect(webOriginSource(environmentOf(logicalId(stacks.api.functions.export.function))[ENV.apiUrl], web)).toEqual(distributionDomain);
    });

    it('the deletion worker may touch exactly what a deletion erases: the table, this pool\'s users, this stage\'s authorizer cache, API keys, post schedules, media files, its queue', () => {
      const statements = roleStatements(api, logicalId(deletionWorker.role));
      expect(actionsOf(statements)).toEqual(
        [
          ...LOG_ACTIONS,
          ...TABLE_READ_ACTIONS,
          ...TABLE_WRITE_ACTIONS,
          'cognito-idp:AdminDeleteUser',
          'apigateway:DELETE',
          'apigateway:GET',
          'scheduler:DeleteSchedule',
          'sqs:SendMessage',
          'sqs:ReceiveMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueUrl',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          's3:ListBucket',
          's3:DeleteObject',
        ].sort(),
      );
      const apigateway = JSON.stringify(statements.filter((s) => String(s.Action).startsWith('apigateway:') || (Array.isArray(s.Action) && s.Action.some((a) => a.startsWith('apigateway:')))));
      expect(apigateway).toContain('/cache/authorizers');
      expect(apigateway).toContain('::/apikeys/*');
      expect(apigateway).not.toContain('/usageplans');
      expect(JSON.stringify(statements.find((s) => s.Action === 'cognito-idp:AdminDeleteUser')?.Resource)).toContain('UserPool');
    });

    it('the deletion worker lists the media bucket under media/ only and deletes objects there only; its environment names the bucket', () => {
      const statements = roleStatements(api, logicalId(deletionWorker.role));
      const list = statements.find((s) => s.Action === 's3:ListBucket') as { Resource: unknown; Condition?: unknown } | undefined;
      expect(JSON.stringify(list?.Resource)).toMatch(/:s3:::mark0-dev-media-",\{"Ref":"AWS::AccountId"\},"-[a-z0-9-]+"\]\]\}$/);
      expect(list?.Condition).toEqual({ StringLike: { 's3:prefix': ['media/*'] } });
      const del = statements.find((s) => s.Action === 's3:DeleteObject');
      expect(JSON.stringify(del?.Resource)).toMatch(/:s3:::mark0-dev-media-",\{"Ref":"AWS::AccountId"\},"-[a-z0-9-]+\/media\/\*"\]\]\}$/);
      expect(environmentOf(logicalId(deletionWorker.function))[ENV.mediaBucket]).toEqual(expect.anything());
    });

    it('the posts function reads and writes the table, reads the app secret, manages schedules and enqueues posts to publish now', () => {
      expect(actions(stacks.api.functions.posts)).toEqual(
        [...LOG_ACTIONS, ...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS, ...SECRET_ACTIONS, ...SCHEDULING_ACTIONS, ...ENQUEUE_ACTIONS, ...MEDIA_ATTACH_ACTIONS].sort(),
      );
    });

    it('the queue function reads and writes the table, manages schedules and signs previews, but never reads the secret, sends to the publish queue or writes media', () => {
      expect(actions(stacks.api.functions.queue)).toEqual([...LOG_ACTIONS, ...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS, ...SCHEDULING_ACTIONS, 's3:GetObject'].sort());
      const statements = roleStatements(api, logicalId(stacks.api.functions.queue.role));
      for (const statement of statements.filter((s) => actionsOf([s]).every((a) => a.startsWith('scheduler:')))) expect(JSON.stringify(statement.Resource)).toMatch(/:schedule\/mark0-dev-posts\/\*"\]\]\}$/);
      const env = environmentOf(logicalId(stacks.api.functions.queue.function));
      expect(env[ENV.scheduleGroupName]).toBe('mark0-dev-posts');
      expect(env[ENV.publishQueueArn]).toBeDefined();
      expect(env[ENV.publishQueueUrl]).toBeUndefined();
      expect(env[ENV.mediaBucket]).toBeDefined();
    });

    it('the media function signs uploads and previews, reads and deletes objects under media/ of the media bucket only, and reads the secret (an export\'s download links are checked with a key derived from it)', () => {
      expect(actions(stacks.api.functions.media)).toEqual([...LOG_ACTIONS, ...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS, ...SECRET_ACTIONS, 's3:DeleteObject', 's3:GetObject', 's3:PutObject', 's3:PutObjectTagging'].sort());
      const s3 = roleStatements(api, logicalId(stacks.api.functions.media.role)).filter((s) => actionsOf([s]).every((a) => a.startsWith('s3:')));
      for (const statement of s3) expect(JSON.stringify(statement.Resource)).toMatch(/:s3:::mark0-dev-media-",\{"Ref":"AWS::AccountId"\},"-[a-z0-9-]+\/media\/\*"\]\]\}$/);
    });

    it('the posts function may create, update and delete schedules only in the post schedule group, and pass only the scheduler role, only to Scheduler', () => {
      const statements = roleStatements(api, logicalId(stacks.api.functions.posts.role));
      const scheduling = statements.filter((s) => actionsOf([s]).every((a) => a.startsWith('scheduler:')));
      expect(actionsOf(scheduling)).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:UpdateSchedule']);
      for (const statement of scheduling) expect(JSON.stringify(statement.Resource)).toMatch(/:schedule\/mark0-dev-posts\/\*"\]\]\}$/);
      expect(statements.find((s) => s.Action === 'iam:PassRole')).toMatchObject({
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        Resource: crossStackRef(),
      });
    });

    it('the LinkedIn function reads and writes the table, reads the app secret (client id and secret), may only encrypt with the token key, for a user, and sends to the publish queue (a reconnect releases waiting posts)', () => {
      expect(actions(stacks.api.functions.linkedin)).toEqual([...LOG_ACTIONS, ...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS, ...SECRET_ACTIONS, 'kms:Encrypt', ...ENQUEUE_ACTIONS].sort());
      const send = roleStatements(api, logicalId(stacks.api.functions.linkedin.role)).find((s) => s.Action === 'sqs:SendMessage');
      expect(JSON.stringify(send?.Resource)).toContain('PublishQueue');
      const env = environmentOf(logicalId(stacks.api.functions.linkedin.function));
      expect(env[ENV.publishQueueUrl]).toBeDefined();
      expect(env[ENV.scheduleGroupName]).toBeUndefined();
      expect(roleStatements(api, logicalId(stacks.api.functions.linkedin.role)).find((s) => s.Action === 'kms:Encrypt')).toMatchObject({
        Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'linkedin-access-token' }, Null: { 'kms:EncryptionContext:userId': 'false' } },
      });
    });

    it('the authorizer reads and writes the table (it creates new users) and provisions API keys, but never reads the secret', () => {
      expect(actions(stacks.api.authorizerFunction)).toEqual(
        [...LOG_ACTIONS, ...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS, 'apigateway:GET', 'apigateway:POST'].sort(),
      );
    });

    it("the authorizer may create API keys and attach them to this stage's usage plans only, never delete or change anything", () => {
      const statements = roleStatements(api, logicalId(stacks.api.authorizerFunction.role)).filter((s) => String(s.Action).startsWith('apigateway:'));
      const resources = (action: string) => JSON.stringify(statements.filter((s) => s.Action === action).map((s) => s.Resource));
      const get = resources('apigateway:GET');
      expect(get).toContain('::/usageplans"');
      expect(get).toContain('::/apikeys"');
      expect(get).not.toContain('/keys');
      const post = resources('apigateway:POST');
      expect(post).toContain('::/apikeys"');
      for (const plan of Object.values(stacks.api.usagePlans.plans)) expect(post).toContain(`{"Ref":"${logicalId(plan)}"},"/keys"`);
    });

    it('nothing may Scan, and no statement has a wildcard resource but the schedules of the post group and the deletion of API keys', () => {
      const statements = Object.values(api.findResources('AWS::IAM::Policy')).flatMap(
        (policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement,
      );
      expect(JSON.stringify(statements)).not.toContain('dynamodb:Scan');
      // Schedules are named per post and due time when scheduled: the group's schedule/* is the narrowest ARN there is;
      // media objects are named per user and upload: the bucket's media/* is (both acknowledged where granted).
      const others = statements.filter((s) => !actionsOf([s]).every((a) => a.startsWith('scheduler:') || a.startsWith('s3:')));
      // API key ids are minted at run time: the deletion worker deletes a user's key by id after finding it by name.
      const withoutKeyDeletion = JSON.stringify(others).replaceAll('"::/apikeys/*"', '"::/apikeys/<id>"');
      expect(withoutKeyDeletion).not.toMatch(/"\*"|\/\*"|index\/\*/);
    });

    it('indexes are granted Query by name, from the table definition', () => {
      const indexStatement = roleStatements(api, logicalId(stacks.api.functions.posts.role)).find((s) => s.Action === 'dynamodb:Query');
      expect(JSON.stringify(indexStatement?.Resource)).toMatch(/\/index\/GSI1".*\/index\/GSI2"/);
    });
  });

  describe('environment', () => {
    it('the authorizer verifies tokens of the user pool (issuer) issued to the web client (audience)', () => {
      const env = environmentOf(logicalId(stacks.api.authorizerFunction.function));
      expect(crossStackValue(env[ENV.jwtIssuer], data)).toEqual({ 'Fn::GetAtt': [logicalId(stacks.data.users.userPool), 'ProviderURL'] });
      expect(env[ENV.jwtAudience]).toEqual({ Ref: logicalId(stacks.api.webClient.client) });
      expect(crossStackValue(env[ENV.tableName], data)).toEqual({ Ref: logicalId(stacks.data.table) });
      expect(env[ENV.appSecretArn]).toBeUndefined();
    });

    it.each(apiFunctions)('$name gets the table and the secret only if it may use them', ({ name, fn }) => {
      const env = environmentOf(logicalId(fn.function));
      expect(webOriginSource(env[ENV.corsAllowOrigin], web)).toEqual(distributionDomain);
      expect(env[ENV.tableName] !== undefined).toBe(FUNCTION_ACCESS[name].table !== undefined);
      expect(env[ENV.appSecretArn] !== undefined).toBe(FUNCTION_ACCESS[name].appSecret);
      if (env[ENV.appSecretArn]) expect(crossStackValue(env[ENV.appSecretArn], data)).toEqual({ Ref: logicalId(stacks.data.appSecret) });
    });

  });
});
