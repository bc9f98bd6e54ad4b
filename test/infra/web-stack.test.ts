import { Match } from 'aws-cdk-lib/assertions';
import { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { EDGE_REGION, WEB_FIREWALL_RULES } from '../../lib/stacks/edge-stack';
import { withApiCsp } from '../../lib/stacks/site-stack';
import { ASSET_CACHE_CONTROL, NOT_FOUND_PAGE, PAGE_CACHE_CONTROL } from '../../lib/stacks/web-stack';
import { HSTS_MAX_AGE_SECONDS } from '../../lib/web/security-headers';
import { APP_ROUTES_FUNCTION_SOURCE } from '../../lib/web/spa-routing';
import { IP_LIMITS, IP_REFUSAL } from '@contract/ip-limits';
import { crossStackValue } from './support/api-template';
import { logicalId, synthApp } from './support/synth';

// A region other than us-east-1, so the edge-to-web reference really crosses regions.
const { web, edge, site, api, data, stacks } = synthApp({ region: 'eu-west-1' });

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };
const only = (template: typeof web, type: string): Resource => {
  const found = Object.values(template.findResources(type)) as Resource[];
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const distribution = () => only(web, 'AWS::CloudFront::Distribution').Properties['DistributionConfig'];
const headersPolicy = () => only(web, 'AWS::CloudFront::ResponseHeadersPolicy').Properties['ResponseHeadersPolicyConfig'];
const cachePolicy = (id: string) => (web.toJSON()['Resources'][id] as Resource).Properties['CachePolicyConfig'];
const flat = (value: unknown) => JSON.stringify(value);

describe('the edge stack (us-east-1): the web app WAF web ACL', () => {
  it('lives in us-east-1, where CloudFront takes web ACLs from, whatever the app region', () => {
    expect(EDGE_REGION).toBe('us-east-1');
    expect(stacks.edge.region).toBe('us-east-1');
    expect(stacks.web.region).toBe('eu-west-1');
  });

  it('limits each IP address with the per-IP numbers of lambdas/contract/ip-limits.ts, answering the shared 429 with Retry-After', () => {
    const acl = only(edge, 'AWS::WAFv2::WebACL').Properties;
    expect(acl['Scope']).toBe('CLOUDFRONT');
    expect(acl['DefaultAction']).toEqual({ Allow: {} });
    const rate = (acl['Rules'] as any[]).find((rule) => rule.Name === WEB_FIREWALL_RULES.perIp);
    expect(rate.Statement.RateBasedStatement).toEqual({ AggregateKeyType: 'IP', Limit: IP_LIMITS.web.limit, EvaluationWindowSec: IP_LIMITS.web.windowSeconds });
    expect(rate.Action.Block.CustomResponse.ResponseCode).toBe(429);
    expect(rate.Action.Block.CustomResponse.ResponseHeaders).toContainEqual({ Name: 'Retry-After', Value: String(IP_LIMITS.web.windowSeconds) });
    expect(acl['CustomResponseBodies'][rate.Action.Block.CustomResponse.CustomResponseBodyKey].Content).toContain(IP_REFUSAL.code);
  });

  it('blocks addresses on the AWS IP reputation list', () => {
    const acl = only(edge, 'AWS::WAFv2::WebACL').Properties;
    expect((acl['Rules'] as any[]).map((rule) => rule.Statement.ManagedRuleGroupStatement?.Name).filter(Boolean)).toEqual(['AWSManagedRulesAmazonIpReputationList']);
  });

  it('is associated with the distribution through a cross-region reference (no export, no custom resource)', () => {
    const webAclId = distribution()['WebACLId'];
    expect(webAclId['Fn::GetStackOutput']).toMatchObject({ StackName: 'Mark0-dev-Edge', Region: 'us-east-1' });
    expect(crossStackValue(webAclId, edge)).toEqual({ 'Fn::GetAtt': [logicalId(stacks.edge.webAcl), 'Arn'] });
    web.resourceCountIs('Custom::CrossRegionExportReader', 0);
  });
});

describe('the web stack: bucket and distribution', () => {
  it('keeps the bucket private, encrypted and HTTPS-only, with its access logged', () => {
    const bucket = web.toJSON()['Resources'][logicalId(stacks.web.bucket)] as Resource;
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(stacks.web.logBucket) }, LogFilePrefix: 's3/' },
    });
    web.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(stacks.web.bucket) },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('lets only this distribution read the bucket, through Origin Access Control (SigV4)', () => {
    web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    const origin = distribution()['Origins'][0];
    expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Id'] });
    expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    web.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
    expect(flat(web.findResources('AWS::S3::BucketPolicy'))).not.toContain('s3:ListBucket');
  });

  it('serves index.html at the root, over HTTPS only (HTTP gets a redirect), compressed', () => {
    const config = distribution();
    expect(config['DefaultRootObject']).toBe('index.html');
    for (const behavior of [config['DefaultCacheBehavior'], ...config['CacheBehaviors']]) {
      expect(behavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', Compress: true, AllowedMethods: ['GET', 'HEAD'] });
    }
    expect(config['HttpVersion']).toBe('http2and3');
  });

  it('caches hashed /assets/* for a year and the pages (index.html, config.json) not at all, both compressed', () => {
    const config = distribution();
    const assets = config['CacheBehaviors'].find((b: any) => b.PathPattern === '/assets/*');
    const assetPolicy = cachePolicy(assets.CachePolicyId.Ref);
    expect(assetPolicy).toMatchObject({ DefaultTTL: 365 * 86400, MaxTTL: 365 * 86400, MinTTL: 0 });
    expect(assetPolicy.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({ EnableAcceptEncodingGzip: true, EnableAcceptEncodingBrotli: true });
    const pagePolicy = cachePolicy(config['DefaultCacheBehavior'].CachePolicyId.Ref);
    // Min and default 0: the objects' Cache-Control: no-cache decides; a max above 0 keeps compression on.
    expect(pagePolicy).toMatchObject({ DefaultTTL: 0, MinTTL: 0, MaxTTL: 86400 });
    expect(pagePolicy.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({ EnableAcceptEncodingGzip: true, EnableAcceptEncodingBrotli: true });
    expect([ASSET_CACHE_CONTROL, PAGE_CACHE_CONTROL]).toEqual(['public, max-age=31536000, immutable', 'no-cache']);
  });

  it('answers the app routes with index.html (a viewer-request function) and a missing file with a real 404', () => {
    const config = distribution();
    const [association] = config['DefaultCacheBehavior'].FunctionAssociations;
    expect(association.EventType).toBe('viewer-request');
    web.hasResourceProperties('AWS::CloudFront::Function', { FunctionCode: APP_ROUTES_FUNCTION_SOURCE, FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }) });
    expect(config['CacheBehaviors'][0].FunctionAssociations).toBeUndefined();
    // S3 says 403 for a key it does not have (CloudFront may not list the bucket): the viewer gets 404, not index.html with 200.
    expect(config['CustomErrorResponses']).toEqual([
      { ErrorCode: 403, ResponseCode: 404, ResponsePagePath: NOT_FOUND_PAGE, ErrorCachingMinTTL: 60 },
      { ErrorCode: 404, ResponseCode: 404, ResponsePagePath: NOT_FOUND_PAGE, ErrorCachingMinTTL: 60 },
    ]);
  });

  it('adds the security headers to every response: CSP, HSTS, no framing, referrer policy, nosniff', () => {
    const config = distribution();
    const policyId = config['DefaultCacheBehavior'].ResponseHeadersPolicyId;
    expect(config['CacheBehaviors'][0].ResponseHeadersPolicyId).toEqual(policyId);
    const headers = headersPolicy()['SecurityHeadersConfig'];
    expect(headers['StrictTransportSecurity']).toEqual({ AccessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, IncludeSubdomains: true, Override: true });
    expect(headers['FrameOptions']).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers['ReferrerPolicy']).toEqual({ ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true });
    expect(headers['ContentTypeOptions']).toEqual({ Override: true });
    const csp = flat(headers['ContentSecurityPolicy']);
    for (const directive of ["script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "default-src 'self'"]) expect(csp).toContain(directive);
    // connect-src: the app, API Gateway in the app's region, and the Cognito hosted UI (from the data stack).
    expect(csp).toContain("connect-src 'self' https://*.execute-api.eu-west-1.");
    expect(csp).toContain('.auth.eu-west-1.amazoncognito.com');
    expect(csp).toContain('Mark0-dev-Data');
  });

  it('logs every request to the log bucket', () => {
    expect(distribution()['Logging']).toEqual({ Bucket: { 'Fn::GetAtt': [logicalId(stacks.web.logBucket), 'RegionalDomainName'] }, Prefix: 'cloudfront/' });
    const logs = web.toJSON()['Resources'][logicalId(stacks.web.logBucket)] as Resource & { DeletionPolicy: string };
    expect(logs.Properties['OwnershipControls']).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] });
    expect(logs.Properties['LifecycleConfiguration'].Rules[0]).toMatchObject({ ExpirationInDays: 30, Status: 'Enabled' });
    expect(logs.DeletionPolicy).toBe('Retain');
  });
});

describe('the API and site stacks get the web origin and the API URL without a cycle', () => {
  it('orders the stacks data, edge → web → media → publishing → api → site', () => {
    const deps = (name: 'data' | 'web' | 'media' | 'api' | 'site') => stacks[name].dependencies.map((s) => s.stackName).sort();
    expect(deps('web')).toEqual(['Mark0-dev-Data', 'Mark0-dev-Edge']);
    expect(deps('media')).toEqual(['Mark0-dev-Web']);
    expect(deps('api')).toEqual(['Mark0-dev-Data', 'Mark0-dev-Media', 'Mark0-dev-Publishing', 'Mark0-dev-Web']);
    expect(deps('site')).toEqual(['Mark0-dev-Api', 'Mark0-dev-Data', 'Mark0-dev-Web']);
    expect(deps('data')).toEqual([]);
  });

  it("registers the distribution's origin as the web client's callback and logout URL, next to npm start's", () => {
    const client = only(api, 'AWS::Cognito::UserPoolClient').Properties;
    expect(client).toMatchObject({ GenerateSecret: false, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email', 'profile'], PreventUserExistenceErrors: 'ENABLED' });
    for (const urls of [client['CallbackURLs'], client['LogoutURLs']]) {
      expect(urls[0]).toBe('http://localhost:3000/');
      const [prefix, domain, suffix] = urls[1]['Fn::Join'][1];
      expect([prefix, suffix]).toEqual(['https://', '/']);
      expect(crossStackValue(domain, web)).toEqual({ 'Fn::GetAtt': [logicalId(stacks.web.distribution), 'DomainName'] });
    }
    expect(crossStackValue(client['UserPoolId'], data)).toEqual({ Ref: logicalId(stacks.data.users.userPool) });
  });
});

describe('the site stack: the build and its runtime config.json', () => {
  const deployments = () =>
    Object.entries(site.findResources('Custom::CDKBucketDeployment') as Record<string, Resource>).map(([id, resource]) => ({ id, ...resource }));

  it('uploads hashed assets with a year of immutable caching, then the pages with no-cache, pruning nothing', () => {
    const [assets, pages] = ['Assets', 'Pages'].map((name) => deployments().find((d) => d.id.startsWith(name))!);
    expect(assets!.Properties).toMatchObject({ DestinationBucketKeyPrefix: 'assets/', Prune: false, SystemMetadata: { 'cache-control': ASSET_CACHE_CONTROL } });
    expect(pages!.Properties).toMatchObject({ Prune: false, SystemMetadata: { 'cache-control': PAGE_CACHE_CONTROL } });
    expect(pages!.Properties['DestinationBucketKeyPrefix']).toBeUndefined();
    expect(flat(pages!.DependsOn)).toContain(assets!.id);
    expect(flat(assets!.Properties['DestinationBucketName'])).toContain('mark0-dev-web-');
  });

  it("makes config.json from the other stacks' outputs at deploy time: API URL, hosted UI, client id, redirect URI", () => {
    const config = Stack.of(stacks.site).resolve(stacks.site.runtimeConfig) as any;
    expect(config.mode).toBe('aws');
    expect(config.sandbox).toEqual({ linkedin: false, openai: false });
    expect(flat(config.apiUrl)).toContain('Mark0-dev-Api');
    expect(config.auth.type).toBe('cognito');
    expect(crossStackValue(config.auth.clientId, api)).toEqual({ Ref: logicalId(stacks.api.webClient.client) });
    expect(flat(config.auth.domain)).toContain('Mark0-dev-Data');
    expect(crossStackValue(config.auth.redirectUri['Fn::Join'][1][1], web)).toEqual({ 'Fn::GetAtt': [logicalId(stacks.web.distribution), 'DomainName'] });
    // The values are filled in when the deployment runs (markers), not baked into the build.
    const pages = deployments().find((d) => d.id.startsWith('Pages'))!;
    expect(flat(pages.Properties['SourceMarkers'])).toContain('Mark0-dev-Api');
  });

  it('narrows connect-src to the one API with a CSP <meta> in index.html, before any script', () => {
    const html = withApiCsp('<html><head>\n    <meta charset="utf-8" />\n    <script type="module" src="/assets/a.js"></script>', ['https://abc.execute-api.eu-west-1.amazonaws.com', 'https://auth.example.com']);
    expect(html).toBe(
      '<html><head>\n    <meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="connect-src \'self\' https://abc.execute-api.eu-west-1.amazonaws.com https://auth.example.com" />\n    <script type="module" src="/assets/a.js"></script>',
    );
    expect(() => withApiCsp('<html></html>', [])).toThrow('no <meta charset="utf-8">');
  });
});
