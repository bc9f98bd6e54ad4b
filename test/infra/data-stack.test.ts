import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE, keyAttributes } from '@contract/table-definition';
import { APP_SECRET_KEYS } from '@contract/environment';
import { logicalId, synthApp } from './support/synth';

const { data, stacks } = synthApp();

describe('the data stack (stateful)', () => {
  it('is protected from deletion', () => {
    expect(stacks.data.terminationProtection).toBe(true);
  });

  describe('the table, built from the shared table definition', () => {
    it('has the key schema of lambdas/contract/table-definition.ts, every key a string', () => {
      data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        KeySchema: [
          { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayEquals(keyAttributes().map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
      });
    });

    it('has every GSI of the definition with its keys and projection', () => {
      data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        GlobalSecondaryIndexes: TABLE.globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: index.projection },
        })),
      });
    });

    it('expires items through the TTL attribute of the definition', () => {
      data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      });
    });

    it('bills on demand, keeps 35 days of point-in-time recovery and refuses deletion', () => {
      data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        BillingMode: 'PAY_PER_REQUEST',
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 },
            DeletionProtectionEnabled: true,
          }),
        ],
      });
      data.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });
  });

  it('has a customer-managed KMS key for LinkedIn tokens, rotated yearly and retained', () => {
    data.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    data.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    data.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/mark0-dev/linkedin-tokens' });
  });

  it('has one app secret: the cursor key generated, the provider credentials left empty for the operator', () => {
    data.resourceCountIs('AWS::SecretsManager::Secret', 1);
    data.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({
        GenerateStringKey: APP_SECRET_KEYS.generated,
        SecretStringTemplate: JSON.stringify({ LINKEDIN_CLIENT_ID: '', LINKEDIN_CLIENT_SECRET: '', OPENAI_API_KEY: '' }),
        PasswordLength: 64,
        ExcludePunctuation: true,
      }),
    });
    data.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });

  describe('the Cognito user pool', () => {
    it('signs users in by email, verifies it, and keeps the pool and its users across deletions', () => {
      data.hasResourceProperties('AWS::Cognito::UserPool', {
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        UsernameConfiguration: { CaseSensitive: false },
        DeletionProtection: 'ACTIVE',
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        // Lite: hosted UI, PKCE and TOTP are all it needs, at about a third of Essentials' price per active user.
        UserPoolTier: 'LITE',
      });
      data.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
    });

    it('has no app client: the web client lives with the API, where the web origin is known', () => {
      data.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    });

    it('has a hosted UI domain unique to the account by default', () => {
      data.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
        Domain: { 'Fn::Join': ['', ['mark0-dev-', { Ref: 'AWS::AccountId' }]] },
      });
    });

    it('takes a chosen domain prefix', () => {
      const { data: custom } = synthApp({ authDomainPrefix: 'mark0-example' });
      custom.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'mark0-example' });
    });
  });

  it('keeps the logical ids of its stateful resources: a rename would create new, empty ones beside the retained old', () => {
    expect({
      table: logicalId(stacks.data.table),
      userPool: logicalId(stacks.data.users.userPool),
      tokenKey: logicalId(stacks.data.tokenKey),
      appSecret: logicalId(stacks.data.appSecret),
    }).toEqual({
      table: 'DataTableFDBAD0F2',
      userPool: 'UsersUserPool7E610616',
      tokenKey: 'TokenKeyD1D1A236',
      appSecret: 'AppSecretFAB5164C',
    });
  });

  it('outputs what the web app and the operator need', () => {
    for (const output of ['UserPoolId', 'HostedUiUrl', 'TableName', 'TokenKeyArn', 'AppSecretName']) data.hasOutput(output, {});
  });

  it('runs the app on a table restored from a backup when told to (-c existingTableName), leaving its own retained table out of the stack', () => {
    const { data: restored, api, stacks: s } = synthApp({ existingTableName: 'mark0-dev-restored-20261130' });
    restored.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
    expect(s.data.table.tableName).toBe('mark0-dev-restored-20261130');
    const env = (api.toJSON()['Resources'][logicalId(s.api.functions.posts.function)] as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables;
    expect(env['TABLE_NAME']).toBe('mark0-dev-restored-20261130');
  });

  it('lets a throwaway stage (retainData=false) be deleted with everything in it', () => {
    const { data: throwaway, stacks: s } = synthApp({ stage: 'pr42', retainData: 'false' });
    expect(s.data.terminationProtection).toBe(false);
    throwaway.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
    throwaway.hasResourceProperties('AWS::DynamoDB::GlobalTable', { Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })] });
    throwaway.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'INACTIVE' });
  });
});
