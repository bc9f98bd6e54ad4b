import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, DefaultStackSynthesizer, Stack, Validations, type StackProps, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { MarkConfig } from '../config';
import { ASSET_CACHE_CONTROL, PAGE_CACHE_CONTROL, webBucketName } from './web-stack';
import { LogGroup } from 'aws-cdk-lib/aws-logs';

/** The runtime configuration the web app reads at /config.json (web/src/config/runtime-config.ts). */
export interface WebRuntimeConfig {
  mode: 'aws';
  apiUrl: string;
  auth: { type: 'cognito'; domain: string; clientId: string; redirectUri: string };
  sandbox: { linkedin: false; openai: false };
}

export interface SiteStackProps extends StackProps {
  config: MarkConfig;
  /** The built web app (web/dist): index.html, assets/, and the static files. */
  webDist: string;
  /** `https://d123.cloudfront.net`. */
  webOrigin: string;
  /** The API's origin (`https://<id>.execute-api.<region>.amazonaws.com`), for the CSP's connect-src. */
  apiOrigin: string;
  /** The media bucket's origin (signed uploads and previews), for connect-src too. */
  mediaOrigin: string;
  apiUrl: string;
  /** The Cognito hosted UI's base URL and the web app's client id. */
  auth: { domain: string; clientId: string };
}

/**
 * The web app in its bucket, and its settings beside it: `config.json` is made
 * here from the other stacks' outputs at deploy time (API URL, hosted UI,
 * client id, redirect URI), so one build of web/ serves every stage and
 * nothing environment-specific is in the bundle.
 *
 * Hashed assets go first, with a year of immutable caching, and are never
 * pruned: a tab still open on the previous version can load its chunks.
 * index.html and config.json follow, marked no-cache, so a deploy is live as
 * soon as it finishes. index.html gets a CSP <meta> naming the one API this
 * stage uses, which narrows the region-wide connect-src of the header policy
 * (the web stack, created before the API, cannot know the API's id).
 */
export class SiteStack extends Stack {
  readonly runtimeConfig: WebRuntimeConfig;

  constructor(scope: Construct, id: string, props: SiteStackProps) {
    const { config, webDist, webOrigin, apiOrigin, mediaOrigin, apiUrl, auth, ...stackProps } = props;
    super(scope, id, stackProps);
    // By name (the web stack fixes it), so the deployment's policy names the bucket plainly.
    const bucket = s3.Bucket.fromBucketName(this, 'SiteBucket', webBucketName(config));
    // Both deployments run on CDK's one BucketDeployment function: its logs, kept as long as ours.
    const logGroup = new LogGroup(this, 'DeploymentLogs', { retention: config.logRetention, removalPolicy: RemovalPolicy.DESTROY });

    const assets = new deploy.BucketDeployment(this, 'Assets', {
      sources: [deploy.Source.asset(join(webDist, 'assets'))],
      destinationBucket: bucket,
      destinationKeyPrefix: 'assets/',
      cacheControl: [deploy.CacheControl.fromString(ASSET_CACHE_CONTROL)],
      prune: false,
      memoryLimit: 256,
      logGroup,
    });

    this.runtimeConfig = {
      mode: 'aws',
      apiUrl,
      auth: { type: 'cognito', domain: auth.domain, clientId: auth.clientId, redirectUri: `${webOrigin}/` },
      sandbox: { linkedin: false, openai: false },
    };
    const pages = new deploy.BucketDeployment(this, 'Pages', {
      sources: [
        deploy.Source.asset(webDist, { exclude: ['assets', 'assets/**', 'index.html', 'config.json', '*.map'] }),
        deploy.Source.data('index.html', withApiCsp(readFileSync(join(webDist, 'index.html'), 'utf8'), [apiOrigin, auth.domain, mediaOrigin])),
        deploy.Source.jsonData('config.json', this.runtimeConfig),
      ],
      destinationBucket: bucket,
      cacheControl: [deploy.CacheControl.fromString(PAGE_CACHE_CONTROL)],
      // Pruning would delete the assets of the other deployment (and of the previous version, still needed by open tabs).
      prune: false,
      memoryLimit: 256,
      logGroup,
    });
    // A new index.html must never point at assets not uploaded yet.
    pages.node.addDependency(assets);

    // As cdk-nag writes the bucket's name: the account is the AWS::AccountId pseudo parameter.
    acknowledgeDeploymentHandler(this, `${config.resourcePrefix}-web-<AWS::AccountId>-${config.region}`);
    new CfnOutput(this, 'WebUrl', { value: `${webOrigin}/`, description: 'Open Mark.0 here' });
  }
}

/**
 * index.html with a CSP <meta> right after <meta charset>, before any script:
 * connect-src limited to the app itself and `sources`. The header policy's CSP
 * still applies; the browser enforces both, so the stricter list wins.
 */
export function withApiCsp(html: string, sources: string[]): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="connect-src 'self' ${sources.join(' ')}" />`;
  const charset = /<meta charset="utf-8"\s*\/?>/i;
  if (!charset.test(html)) throw new Error('web/dist/index.html has no <meta charset="utf-8"> to put the CSP after');
  return html.replace(charset, (tag) => `${tag}\n    ${meta}`);
}

/**
 * BucketDeployment's handler is one Lambda per stack, shared by both
 * deployments, built by the CDK; cdk-nag's findings on its role are
 * acknowledged one by one on it (the IAM rules report each wildcard).
 */
function acknowledgeDeploymentHandler(stack: Stack, bucketName: string): void {
  const handler = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) throw new Error('BucketDeployment handler not found');
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      "The CDK BucketDeployment handler's role uses AWSLambdaBasicExecutionRole to write its own logs; the function runs only " +
      'during a deploy, to copy the built web app into the bucket, and is built and versioned by the CDK itself.',
  });
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      "The BucketDeployment handler's runtime is chosen by the CDK release that builds it (aws-cdk-lib is pinned in package.json " +
      'and upgraded as a whole); it runs only during deploys, on the files of this app.',
  });
  const assetBucket = `arn:${stack.partition}:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-${stack.region}/*`;
  const wildcards = [
    ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((action) => `Action::${action}`),
    `Resource::${assetBucket}`,
    `Resource::arn:${stack.partition}:s3:::${bucketName}/*`,
  ];
  for (const finding of wildcards) {
    Validations.of(handler).acknowledge({
      id: `AwsSolutions-IAM5[${finding}]`,
      reason:
        'BucketDeployment grants its handler read on the CDK asset bucket (the zipped build) and object read/write/delete on the ' +
        "web bucket's objects: it copies every file of the build, whose names change with each build, so object-level wildcards are inherent.",
    });
  }
}
