import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { GATEWAY_RESPONSES, gatewayErrorBody, type GatewayResponseType } from '@contract/gateway-responses';
import { ACCESS_LOG_FIELDS } from '@contract/access-log';
import { logicalId, synthApp } from './support/synth';

const { api, web, stacks } = synthApp();

type GatewayResponse = { Properties: { ResponseType: string; StatusCode?: string; ResponseParameters: Record<string, string>; ResponseTemplates: Record<string, string> } };
const gatewayResponses = Object.values(api.findResources('AWS::ApiGateway::GatewayResponse') as Record<string, GatewayResponse>).map((r) => r.Properties);
const responseOf = (type: string) => gatewayResponses.find((r) => r.ResponseType === type);

/**
 * What API Gateway would send for a template, given the context it substitutes.
 * A variable is `$context` and dot-separated names; a dot not followed by a
 * name is text (`$context.path.` ends a sentence), as in Velocity's syntax.
 */
function render(template: string, context: Record<string, string>): unknown {
  return JSON.parse(template.replace(/\$context(?:\.[A-Za-z]\w*)+/g, (variable) => context[variable] ?? `<${variable}>`));
}

describe('gateway responses: API Gateway answers in the API error shape', () => {
  it.each(Object.keys(GATEWAY_RESPONSES) as GatewayResponseType[])('%s has the status and body of GATEWAY_RESPONSES', (type) => {
    const response = responseOf(type);
    expect(response?.StatusCode).toBe(String(GATEWAY_RESPONSES[type].status));
    const body = render(response!.ResponseTemplates['application/json']!, { '$context.httpMethod': 'GET', '$context.path': '/dev/v2/nothing' });
    // Exactly what the local gateway sends for the same request.
    expect(body).toEqual(gatewayErrorBody(type, { method: 'GET', path: '/dev/v2/nothing' }));
  });

  it('turns every other 4XX and 5XX into the same shape, with API Gateway\'s own status, type and message', () => {
    for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX']) {
      const response = responseOf(type)!;
      expect(response.StatusCode).toBeUndefined();
      const body = render(response.ResponseTemplates['application/json']!, {
        '$context.error.responseType': 'THROTTLED',
        '$context.error.messageString': '"Too Many Requests"',
      });
      expect(body).toEqual({ error: { code: 'THROTTLED', message: 'Too Many Requests', details: [] } });
    }
  });

  it('sends CORS (with Retry-After exposed) and no-store headers with every gateway response, so the web app can read them', () => {
    expect(gatewayResponses).toHaveLength(Object.keys(GATEWAY_RESPONSES).length + 2);
    for (const response of gatewayResponses) {
      const retryAfter = (GATEWAY_RESPONSES as Record<string, { retryAfterSeconds?: number }>)[response.ResponseType]?.retryAfterSeconds;
      expect(response.ResponseParameters).toEqual({
        'gatewayresponse.header.Access-Control-Allow-Origin': { 'Fn::Join': ['', ["'https://", expect.objectContaining({ 'Fn::GetStackOutput': expect.objectContaining({ StackName: 'Mark0-dev-Web' }) }), "'"]] },
        'gatewayresponse.header.Access-Control-Expose-Headers': "'Retry-After,Location'",
        'gatewayresponse.header.Cache-Control': "'no-store'",
        ...(retryAfter ? { 'gatewayresponse.header.Retry-After': `'${retryAfter}'` } : {}),
      });
    }
  });

  it('answers throttling and the daily quota with 429 THROTTLED / DAILY_QUOTA_EXCEEDED and a Retry-After', () => {
    expect(responseOf('THROTTLED')).toMatchObject({ StatusCode: '429', ResponseParameters: { 'gatewayresponse.header.Retry-After': "'1'" } });
    expect(responseOf('QUOTA_EXCEEDED')).toMatchObject({ StatusCode: '429', ResponseParameters: { 'gatewayresponse.header.Retry-After': "'3600'" } });
    expect(JSON.parse(responseOf('THROTTLED')!.ResponseTemplates['application/json']!).error.code).toBe('THROTTLED');
    expect(JSON.parse(responseOf('QUOTA_EXCEEDED')!.ResponseTemplates['application/json']!).error.code).toBe('DAILY_QUOTA_EXCEEDED');
  });
});

describe('the API and its stage', () => {
  it('is a regional REST API whose identity the web stack holds (its distribution serves it), which does not manage the account-wide CloudWatch role', () => {
    web.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'mark0-dev-api', EndpointConfiguration: { Types: ['REGIONAL'] } });
    api.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    api.resourceCountIs('AWS::ApiGateway::Account', 0);
  });

  it("deploys the stage anew whenever a method or gateway response changes: each is in the deployment's identity and goes before it", () => {
    const deployments = api.findResources('AWS::ApiGateway::Deployment') as Record<string, { DependsOn: string[] }>;
    const [id, deployment] = Object.entries(deployments)[0]!;
    expect(Object.keys(deployments)).toHaveLength(1);
    // The CDK's hash of the methods it was given, in the logical id: another method, another deployment.
    expect(id).toMatch(/^ApiDeployment[0-9A-F]{8}[0-9a-f]{32}$/);
    for (const type of ['AWS::ApiGateway::Method', 'AWS::ApiGateway::GatewayResponse']) {
      for (const resource of Object.keys(api.findResources(type))) expect(deployment.DependsOn, resource).toContain(resource);
    }
    api.hasResourceProperties('AWS::ApiGateway::Stage', { DeploymentId: { Ref: id } });
  });

  it('logs every request as one JSON line to its own log group, kept 30 days', () => {
    const stage = Object.values(api.findResources('AWS::ApiGateway::Stage'))[0] as { Properties: { AccessLogSetting: { DestinationArn: unknown; Format: string } } };
    expect(JSON.stringify(stage.Properties.AccessLogSetting.DestinationArn)).toContain(logicalId(stacks.api.restApi.accessLogs));
    const line = render(stage.Properties.AccessLogSetting.Format, { '$context.error.messageString': '"Unauthorized"', '$context.status': '401' });
    expect(line).toMatchObject({ status: '401', errorMessage: 'Unauthorized' });
    expect(Object.keys(line as object)).toEqual([...Object.keys(ACCESS_LOG_FIELDS), 'errorMessage']);
    for (const field of ['requestId', 'ip', 'method', 'path', 'status', 'latencyMs', 'userId', 'authorizerError', 'integrationError', 'errorType']) {
      expect(ACCESS_LOG_FIELDS).toHaveProperty(field);
    }
    api.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('has the stage named after the config stage, with metrics and a default throttle', () => {
    api.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'dev',
      MethodSettings: [
        Match.objectLike({ HttpMethod: '*', ResourcePath: '/*', MetricsEnabled: true, ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200, LoggingLevel: 'OFF' }),
      ],
    });
  });

  it('takes the stage throttle from context', () => {
    const custom = synthApp({ apiRateLimit: '60', apiBurstLimit: '120' });
    custom.api.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 60, ThrottlingBurstLimit: 120 })],
    });
  });

  it('outputs the API URL, the web client id and the LinkedIn redirect URL under stable names (besides the weak references other stacks read)', () => {
    const outputs = Object.keys(api.toJSON()['Outputs'] as object).filter((name) => !name.startsWith('PublishOutput'));
    expect(outputs).toEqual(['ApiUrl', 'WebClientId', 'LinkedInRedirectUri']);
  });
});
