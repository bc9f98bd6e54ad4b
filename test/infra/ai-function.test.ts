import { describe, expect, it } from 'vitest';
import { AI_SETTINGS, API_GATEWAY_INTEGRATION_TIMEOUT_SECONDS } from '@lambdas/core/ai/ai-settings';
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../../lib/constructs/app-table';
import { ENV } from '@contract/environment';
import { actionsOf, crossStackValue, roleStatements } from './support/api-template';
import { logicalId, synthApp } from './support/synth';

const { api, data, stacks } = synthApp();
const ai = stacks.api.functions.ai;
const properties = () =>
  (api.toJSON()['Resources'][logicalId(ai.function)] as { Properties: { Timeout: number; Environment: { Variables: Record<string, unknown> } } }).Properties;

describe('the ai function', () => {
  it('may wait for the provider longer than other functions, yet answers before API Gateway gives up', () => {
    expect(properties().Timeout).toBe(AI_SETTINGS.functionTimeoutSeconds);
    // Provider budget + DynamoDB + cold start < function timeout < API Gateway's integration timeout.
    expect(AI_SETTINGS.providerBudgetMs / 1000 + 3).toBeLessThanOrEqual(AI_SETTINGS.functionTimeoutSeconds);
    expect(AI_SETTINGS.functionTimeoutSeconds).toBeLessThan(API_GATEWAY_INTEGRATION_TIMEOUT_SECONDS);
  });

  it('reads the app secret (OPENAI_API_KEY) and the table (usage counters, voice), and nothing else', () => {
    expect(actionsOf(roleStatements(api, logicalId(ai.role)))).toEqual(
      ['logs:CreateLogStream', 'logs:PutLogEvents', ...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS, 'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'].sort(),
    );
    const secretStatement = roleStatements(api, logicalId(ai.role)).find((s) => JSON.stringify(s.Action).includes('secretsmanager:GetSecretValue'));
    expect(crossStackValue(secretStatement!.Resource, data)).toEqual({ Ref: logicalId(stacks.data.appSecret) });
  });

  it('gets the model and the OpenAI endpoint from the configuration, the secret by ARN, and never the key itself', () => {
    const env = properties().Environment.Variables;
    expect(env[ENV.openaiModel]).toBe(AI_SETTINGS.defaultModel);
    expect(env[ENV.openaiBaseUrl]).toBe('https://api.openai.com/v1');
    expect(crossStackValue(env[ENV.appSecretArn], data)).toEqual({ Ref: logicalId(stacks.data.appSecret) });
    expect(crossStackValue(env[ENV.tableName], data)).toEqual({ Ref: logicalId(stacks.data.table) });
    expect(env).not.toHaveProperty('OPENAI_API_KEY');
  });

  it('takes another model or an OpenAI-compatible server from context', () => {
    const custom = synthApp({ openaiModel: 'gpt-4.1-nano', openaiBaseUrl: 'https://llm.example.com/v1' });
    const env = (custom.api.toJSON()['Resources'][logicalId(custom.stacks.api.functions.ai.function)] as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    }).Properties.Environment.Variables;
    expect(env).toMatchObject({ [ENV.openaiModel]: 'gpt-4.1-nano', [ENV.openaiBaseUrl]: 'https://llm.example.com/v1' });
  });
});
