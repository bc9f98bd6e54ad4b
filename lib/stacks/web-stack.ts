import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { MarkConfig } from '../config';
import { APP_ROUTES_FUNCTION_SOURCE } from '../web/spa-routing';
import { contentSecurityPolicy, HSTS_MAX_AGE_SECONDS, LINKEDIN_IMAGE_ORIGIN, PERMISSIONS_POLICY } from '../web/security-headers';

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
/** What a missing file gets (with a 404); paths without a dot in their last segment are app routes instead (lib/web/spa-routing.ts). */
export const NOT_FOUND_PAGE = '/404.html';

/**
 * The site bucket's name, fixed so the site stack can name it too: its
 * deployment role's policy then reads `mark0-dev-web-<account>-<region>/*`
 * rather than a cross-stack token, which its cdk-nag acknowledgement names.
 */
export function webBucketName(config: Pick<MarkConfig, 'resourcePrefix' | 'region'>): string {
  return `${config.resourcePrefix}-web-${Aws.ACCOUNT_ID}-${config.region}`;
}

/**
 * The web app's hosting, with no dependency on the API: a private S3 bucket
 * read only by this distribution (Origin Access Control), CloudFront over
 * HTTPS with compression, long caching for hashed assets and none for the
 * pages, the app's routes answered with index.html by a CloudFront Function
 * (real 404s stay 404s), security headers (CSP, HSTS, frame-ancestors none,
 * referrer policy, nosniff), access logs, and the WAF web ACL from the edge
 * stack. Its origin goes to the API stack (CORS, LinkedIn return URLs,
 * Cognito callbacks); the site stack fills the bucket.
 */
export class WebStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly securityHeaders: cloudfront.ResponseHeadersPolicy;
  /** `https://d123.cloudfront.net`: the web app's origin. */
  readonly origin: string;

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

    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket, { originAccessLevels: [cloudfront.AccessLevel.READ] });

    this.securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `${config.resourcePrefix}-web-security`,
      comment: 'Mark.0 web app: CSP, HSTS, frame-ancestors none, referrer policy, nosniff',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // The API's own id is minted after this stack (the API needs this origin first), so the header allows
          // API Gateway in this region; the site stack narrows it to the one API with a CSP <meta> in index.html,
          // and a browser enforces both policies.
          contentSecurityPolicy: contentSecurityPolicy({
            connect: [`https://*.execute-api.${this.region}.${Aws.URL_SUFFIX}`, authOrigin],
            img: [LINKEDIN_IMAGE_ORIGIN],
            // The media bucket's name is minted after this stack too: S3 in this region here, the one bucket in the <meta>.
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

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Mark.0 ${config.stage} web app`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        ...common,
        cachePolicy: pages,
        functionAssociations: [{ function: appRoutes, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: { '/assets/*': { ...common, cachePolicy: assets } },
      // A file that is not there: S3 answers 403 to CloudFront (it may not list the bucket); the viewer gets a 404 page.
      errorResponses: [
        { httpStatus: 403, responseHttpStatus: 404, responsePagePath: NOT_FOUND_PAGE, ttl: Duration.minutes(1) },
        { httpStatus: 404, responseHttpStatus: 404, responsePagePath: NOT_FOUND_PAGE, ttl: Duration.minutes(1) },
      ],
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // North America and Europe edges: the cheapest class; viewers elsewhere are served from the nearest of those.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      webAclId: webAclArn,
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: Mark.0 serves professionals wherever LinkedIn is available, and the per-IP rate rule ' +
        'and IP reputation list of the WAF web ACL (edge stack) filter abusive clients regardless of country.',
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
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId, description: 'CloudFront distribution of the web app' });
    new CfnOutput(this, 'LogBucketName', { value: this.logBucket.bucketName, description: 'CloudFront and S3 access logs (cloudfront/, s3/)' });
  }
}
