import { describe, expect, it } from 'vitest';
import { AUTHORIZER_CACHE_TTL_SECONDS, CORS_ALLOW_HEADERS, CORS_MAX_AGE_SECONDS } from '@contract/gateway-settings';
import { ROUTES, routeKey } from '@contract/routes';
import { pathParameters } from '../../lib/constructs/mark-rest-api';
import { BEARER_TOKEN_PATTERN } from '../../lib/stacks/api-stack';
import { apiMethods, crossStackValue } from './support/api-template';
import { logicalId, synthApp } from './support/synth';

const { api, web, stacks } = synthApp();
const methods = apiMethods(api);
const methodFor = (key: string) => {
  const method = methods.find((m) => m.key === key);
  if (!method) throw new Error(`No method ${key}; have ${methods.map((m) => m.key).join(', ')}`);
  return method;
};
const authorizerId = () => Object.keys(api.findResources('AWS::ApiGateway::Authorizer'))[0]!;

describe('the API routes, built from lambdas/contract/routes.ts', () => {
  it('has exactly one method per route, plus one CORS preflight per route path', () => {
    const routeKeys = ROUTES.map((route) => routeKey(route.method, route.path));
    const preflights = [...new Set(ROUTES.map((route) => routeKey('OPTIONS', route.path)))];
    expect(methods.map((m) => m.key).sort()).toEqual([...routeKeys, ...preflights].sort());
  });

  it.each(ROUTES.map((route) => ({ ...route, key: routeKey(route.method, route.path) })))('$key calls the $fn function', (route) => {
    const uri = JSON.stringify((methodFor(route.key).properties['Integration'] as { Uri: unknown }).Uri);
    expect(uri).toContain(logicalId(stacks.api.functions[route.fn].function));
    expect(methodFor(route.key).properties['Integration']).toMatchObject({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' });
  });

  it.each(ROUTES.filter((r) => r.auth === 'user').map((r) => routeKey(r.method, r.path)))('%s requires the Lambda authorizer', (key) => {
    expect(methodFor(key).properties).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId() } });
  });

  it.each(ROUTES.filter((r) => r.auth === 'none').map((r) => routeKey(r.method, r.path)))('%s is public', (key) => {
    expect(methodFor(key).properties['AuthorizationType']).toBe('NONE');
    expect(methodFor(key).properties['AuthorizerId']).toBeUndefined();
  });

  it('validates request parameters on every route, requiring its path parameters', () => {
    const [validatorId] = Object.keys(api.findResources('AWS::ApiGateway::RequestValidator'));
    api.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestParameters: true, ValidateRequestBody: false });
    for (const route of ROUTES) {
      const expected = Object.fromEntries(pathParameters(route.path).map((name) => [`method.request.path.${name}`, true]));
      expect(methodFor(routeKey(route.method, route.path)).properties).toMatchObject({
        RequestValidatorId: { Ref: validatorId },
        RequestParameters: expected,
      });
    }
    expect(pathParameters('/v1/posts/{id}')).toEqual(['id']);
  });

  it('answers CORS preflights with the methods of the path, the allowed headers and a cache age', () => {
    for (const path of new Set(ROUTES.map((route) => route.path))) {
      const allowed = ROUTES.filter((route) => route.path === path).map((route) => route.method);
      const responses = (methodFor(routeKey('OPTIONS', path)).properties['Integration'] as {
        IntegrationResponses: { StatusCode: string; ResponseParameters: Record<string, string> }[];
      }).IntegrationResponses;
      expect(responses).toEqual([
        {
          StatusCode: '204',
          ResponseParameters: {
            'method.response.header.Access-Control-Allow-Headers': `'${CORS_ALLOW_HEADERS.join(',')}'`,
            'method.response.header.Access-Control-Allow-Origin': expect.anything(),
            'method.response.header.Access-Control-Allow-Methods': `'${[...allowed, 'OPTIONS'].join(',')}'`,
            'method.response.header.Access-Control-Max-Age': `'${CORS_MAX_AGE_SECONDS}'`,
            // One origin, not *: caches must keep answers for different origins apart.
            'method.response.header.Vary': "'Origin'",
          },
        },
      ]);
    }
  });

  it('allows only the web origin (the CloudFront distribution) in preflights', () => {
    const preflight = apiMethods(api).find((m) => m.key === 'OPTIONS /v1/posts')!;
    const responses = (preflight.properties['Integration'] as { IntegrationResponses: { ResponseParameters: Record<string, unknown> }[] }).IntegrationResponses;
    const origin = responses[0]!.ResponseParameters['method.response.header.Access-Control-Allow-Origin'] as { 'Fn::Join': [string, unknown[]] };
    const [quote, reference, closing] = origin['Fn::Join'][1] as [string, unknown, string];
    expect([quote, closing]).toEqual(["'https://", "'"]);
    expect(crossStackValue(reference, web)).toEqual({ 'Fn::GetAtt': [logicalId(stacks.web.distribution), 'DomainName'] });
  });
});

describe('the Lambda authorizer', () => {
  it('is a TOKEN authorizer on the Authorization header, cached five minutes, backed by the authorizer function', () => {
    expect(AUTHORIZER_CACHE_TTL_SECONDS).toBe(300);
    api.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    api.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: AUTHORIZER_CACHE_TTL_SECONDS,
      IdentityValidationExpression: BEARER_TOKEN_PATTERN,
    });
    expect(JSON.stringify(api.findResources('AWS::ApiGateway::Authorizer'))).toContain(logicalId(stacks.api.authorizerFunction.function));
  });

  it('lets API Gateway refuse anything but a bearer JWT before the authorizer runs', () => {
    const pattern = new RegExp(BEARER_TOKEN_PATTERN);
    const jwt = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ1c2VyLTEiLCJ0b2tlbl91c2UiOiJpZCJ9.c2lnbmF0dXJlLWJ5dGVz_-';
    expect(pattern.test(`Bearer ${jwt}`)).toBe(true);
    expect(pattern.test(`bearer ${jwt}`)).toBe(true);
    expect(pattern.test(jwt)).toBe(false);
    expect(pattern.test('Basic dXNlcjpwYXNz')).toBe(false);
    expect(pattern.test('Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')).toBe(false); // alg "none": no signature
    expect(pattern.test(`Bearer ${jwt} extra`)).toBe(false);
  });
});
