import { Annotations, Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { CfnRestApi } from 'aws-cdk-lib/aws-apigateway';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { MarkConfig } from '../config';
import { APP_ROUTES_FUNCTION_SOURCE } from '../web/spa-routing';
import { contentSecurityPolicy, HSTS_MAX_AGE_SECONDS, LINKEDIN_IMAGE_ORIGIN, PERMISSIONS_POLICY } from '../web/security-headers';
import { restApiShell, type RestApiIdentity } from '../constructs/mark-rest-api';

export interface WebStackProps extends StackProps {
  config: MarkConfig;
  /** The CloudFront-scope AWS WAF web ACL, from the edge stack (us-east-1). */
  webAclArn: string;
  /** The Cognito hosted UI's base URL (the app trades codes and tokens there), from the data stack. */
  authOrigin: string;
}

/** How long hashed files (/assets/*) are cached, by CloudFront and browsers: their name changes with their content. */
export const ASSET_MAX_AGE = Duration.days(365);
export const ASSET_CACHE_CONTROL = `public, max-age=${ASSET_MAX_AGE.toSeconds()}, immutable`;
/** index.html and config.json: asked for again on every load, so a deploy shows at once (no invalidation needed). */
export const PAGE_CACHE_CONTROL = 'no-cache';
/** The paths CloudFront sends to the API, at the web app's own origin (no CORS preflight, one firewall). */
export const API_PATH_PATTERNS = ['/v1/*', '/health'] as const;

/**
 * The site bucket's name, fixed so the site stack can name it too: its
 * deployment role's policy then reads `mark0-dev-web-<account>-<region>/*`
 * rather than a cross-stack token, which its cdk-nag acknowledgement names.
 */
export function webBucketName(config: Pick<MarkConfig, 'resourcePrefix' | 'region'>): string {
  return `${config.resourcePrefix}-web-${Aws.ACCOUNT_ID}-${config.region}`;
}

/**
 * The app's front door: a private S3 bucket read only by this distribution
 * (Origin Access Control), CloudFront over HTTPS with compression, long
 * caching for hashed assets and none for the pages, the app's routes answered
 * with index.html by a CloudFront Function (missing files are real 404s),
 * security headers (CSP, HSTS, frame-ancestors none, referrer policy, nosniff),
 * access logs, and the one WAF web ACL from the edge stack. The API is served
 * here too, under /v1/* and /health (no caching, every viewer header but Host),
 * so the browser calls its own origin: no CORS preflights. The REST API's
 * identity lives here (restApiShell) for that; the API stack fills it. The
 * origin goes to the API stack (LinkedIn redirect and return URLs, Cognito
 * callbacks); the site stack fills the bucket.
 */
export class WebStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly securityHeaders: cloudfront.ResponseHeadersPolicy;
  /** `https://d123.cloudfront.net`: the web app's origin, and the API's (/v1/*, /health). */
  readonly origin: string;
  /** The REST API, empty here: the API stack adds its resources, methods and stage. */
  readonly restApi: CfnRestApi;
  readonly restApiIdentity: RestApiIdentity;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    const { config, webAclArn, authOrigin, ...stackProps } = props;
    super(scope, id, stackProps);

    this.logBucket = new s3.Bucket(this, 'Logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are delivered with an ACL grant, which needs ACLs enabled on the bucket.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(config.logRetention) }],
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !config.retainData,
    });
    // No access log of its own: it is where the access logs go (cdk-nag's S1 knows a log target when it sees one).

    // Rebuilt from web/dist by every deploy, so it goes with the stack.
    this.bucket = new s3.Bucket(this, 'Site', {
      bucketName: webBucketName(config),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    // LIST too: S3 then answers a missing file with 404, not 403 (CloudFront's custom error pages would rewrite the API's own 403s and 404s).
    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket, { originAccessLevels: [cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST] });
    this.restApi = restApiShell(this, config);
    this.restApiIdentity = { restApiId: this.restApi.ref, rootResourceId: this.restApi.attrRootResourceId };
    const api = new origins.HttpOrigin(`${this.restApi.ref}.execute-api.${this.region}.${Aws.URL_SUFFIX}`, {
      originPath: `/${config.stage}`,
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      // API Gateway's own limit is 29 s; every function answers before it.
      readTimeout: Duration.seconds(30),
    });

    this.securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `${config.resourcePrefix}-web-security`,
      comment: 'Mark.0 web app: CSP, HSTS, frame-ancestors none, referrer policy, nosniff',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // The API is this origin ('self'); the hosted UI trades codes and tokens.
          contentSecurityPolicy: contentSecurityPolicy({
            connect: [authOrigin],
            img: [LINKEDIN_IMAGE_ORIGIN],
            // The media bucket's name is minted after this stack: S3 in this region here, the one bucket in the <meta>.
            media: [`https://*.s3.${this.region}.${Aws.URL_SUFFIX}`],
          }),
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
      customHeadersBehavior: { customHeaders: [{ header: 'Permissions-Policy', value: PERMISSIONS_POLICY, override: true }] },
    });

    const pages = new cloudfront.CachePolicy(this, 'PagesCache', {
      cachePolicyName: `${config.resourcePrefix}-web-pages`,
      comment: 'index.html, config.json: served as the origin says (no-cache), compressed',
      // Min TTL 0 lets the objects' Cache-Control: no-cache apply; a max above 0 keeps compression on.
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const assets = new cloudfront.CachePolicy(this, 'AssetsCache', {
      cachePolicyName: `${config.resourcePrefix}-web-assets`,
      comment: 'Hashed /assets/*: a year, immutable, compressed',
      minTtl: Duration.seconds(0),
      defaultTtl: ASSET_MAX_AGE,
      maxTtl: ASSET_MAX_AGE,
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const appRoutes = new cloudfront.Function(this, 'AppRoutes', {
      functionName: `${config.resourcePrefix}-web-app-routes`,
      comment: 'Serves index.html for the app routes (paths without a file extension)',
      code: cloudfront.FunctionCode.fromInline(APP_ROUTES_FUNCTION_SOURCE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });

    const common = {
      origin,
      // "HTTPS only" for content: a plain-HTTP request gets a redirect and nothing else, and HSTS keeps the browser on HTTPS after.
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      compress: true,
      responseHeadersPolicy: this.securityHeaders,
    } satisfies Partial<cloudfront.BehaviorOptions>;

    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: api,
      // An API call over plain HTTP is refused rather than redirected (a redirected POST would arrive as a GET).
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      // Never cached: every answer is a user's own. With caching off, the viewer's Authorization header may be forwarded.
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // Every viewer header but Host (API Gateway routes by its own host name), query strings and cookies.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      compress: true,
      responseHeadersPolicy: this.securityHeaders,
    };

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Mark.0 ${config.stage} web app and API`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        ...common,
        cachePolicy: pages,
        functionAssociations: [{ function: appRoutes, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/assets/*': { ...common, cachePolicy: assets },
        ...Object.fromEntries(API_PATH_PATTERNS.map((path) => [path, apiBehavior])),
      },
      // No custom error pages: they apply to every origin, and would turn the API's own 403s and 404s (JSON) into a page.
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // North America and Europe edges: the cheapest class; viewers elsewhere are served from the nearest of those.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      webAclId: webAclArn,
    });
    // A CDK warning, not a cdk-nag finding: acknowledged where it is raised.
    Annotations.of(this.distribution).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk',
      'CloudFront may list the bucket so that S3 answers a missing file with 404 rather than 403 (custom error pages would rewrite the ' +
      "API's own 403s and 404s too). Viewers never see a listing: the default root object is index.html, and the pages' cache policy " +
      'forwards no query string, so no request reaches the bucket as a list request.',
    );
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: Mark.0 serves professionals wherever LinkedIn is available, and the per-IP rate rules, ' +
        'IP reputation list and core rule set of the WAF web ACL (edge stack) filter abusive clients regardless of country.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        "The distribution uses CloudFront's default *.cloudfront.net certificate, whose viewer TLS policy CloudFront fixes itself " +
        '(a minimum protocol version can only be set with a custom certificate); browsers negotiate TLS 1.2 or 1.3 with it, and ' +
        'HSTS keeps them on HTTPS. A custom domain with its ACM certificate and TLSv1.2_2021 is the upgrade path.',
    });

    this.origin = `https://${this.distribution.distributionDomainName}`;
    new CfnOutput(this, 'WebUrl', { value: `${this.origin}/`, description: 'The web app' });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId, description: 'CloudFront distribution of the web app and the API' });
    new CfnOutput(this, 'LogBucketName', { value: this.logBucket.bucketName, description: 'CloudFront and S3 access logs (cloudfront/, s3/)' });
  }
}
