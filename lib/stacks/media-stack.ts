import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { MEDIA_ATTACHED_TAG, MEDIA_BUCKET_CORS } from '@contract/api/media';
import { RETENTION_DAYS } from '@lambdas/core/retention';
import type { MarkConfig } from '../config';
import type { MarkFunction } from '../constructs/mark-function';

/** Where a user's objects live in the bucket (mediaObjectKey in lambdas/core/media/media.ts). */
export const MEDIA_OBJECTS = 'media/*';

/**
 * The bucket's name, fixed (like the web bucket's) so the functions' policies
 * and environments in other stacks name it without a cross-stack token, and
 * their cdk-nag acknowledgements can name the resource.
 */
export function mediaBucketName(config: Pick<MarkConfig, 'resourcePrefix' | 'region'>): string {
  return `${config.resourcePrefix}-media-${Aws.ACCOUNT_ID}-${config.region}`;
}

export interface MediaStackProps extends StackProps {
  config: MarkConfig;
  /** The web app's origin: the only origin whose pages may PUT uploads and GET previews (CORS). */
  webOrigin: string;
}

/**
 * What a function may do with the media bucket's objects: 'readWrite' signs uploads, reads and
 * deletes objects (media function); 'attach' tags objects kept or let go, reads (signed previews)
 * and deletes (posts function); 'preview' only reads (signed previews: queue function).
 */
export const MEDIA_ACCESS = {
  readWrite: ['s3:PutObject', 's3:PutObjectTagging', 's3:GetObject', 's3:DeleteObject'],
  attach: ['s3:PutObjectTagging', 's3:GetObject', 's3:DeleteObject'],
  preview: ['s3:GetObject'],
} as const satisfies Record<string, readonly string[]>;
export type MediaAccess = keyof typeof MEDIA_ACCESS;

/**
 * Users' uploaded files: a private bucket (all public access blocked, TLS only,
 * encrypted, owner-enforced), reached only with short-lived signed URLs made by
 * the functions' roles. Stateful (retained like the table), after the web stack
 * because its CORS names the web app's origin.
 *
 * Lifecycle: an upload is tagged `mark0-attached=no` (the signed PUT requires
 * the tag) until a post keeps it; objects still so tagged a day after upload
 * are removed, as are unfinished multipart uploads. A post's media is deleted
 * with the post, and all of a user's with the account.
 */
export class MediaStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly bucketName: string;
  readonly logBucket: s3.Bucket;
  private readonly findingName: string;
  /** `https://<bucket>.s3.<region>.amazonaws.com`: where signed URLs point (the web app's CSP names it). */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: MediaStackProps) {
    const { config, webOrigin, ...stackProps } = props;
    super(scope, id, { terminationProtection: config.retainData, ...stackProps });
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(config.logRetention) }],
      removalPolicy,
      autoDeleteObjects: !config.retainData,
    });
    // No access log of its own: it is where the access logs go (cdk-nag's S1 knows a log target when it sees one).

    this.bucketName = mediaBucketName(config);
    this.findingName = `${config.resourcePrefix}-media-<AWS::AccountId>-${config.region}`;
    this.bucket = new s3.Bucket(this, 'Media', {
      bucketName: this.bucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'media/',
      cors: [
        {
          allowedOrigins: [webOrigin],
          allowedMethods: MEDIA_BUCKET_CORS.methods.map((method) => s3.HttpMethods[method]),
          allowedHeaders: [...MEDIA_BUCKET_CORS.headers],
          exposedHeaders: [...MEDIA_BUCKET_CORS.exposeHeaders],
          maxAge: MEDIA_BUCKET_CORS.maxAgeSeconds,
        },
      ],
      lifecycleRules: [
        { id: 'unfinished-uploads', abortIncompleteMultipartUploadAfter: Duration.days(RETENTION_DAYS.unfinishedUploads) },
        {
          id: 'never-attached',
          tagFilters: { [MEDIA_ATTACHED_TAG.key]: MEDIA_ATTACHED_TAG.no },
          expiration: Duration.days(RETENTION_DAYS.unattachedMedia),
        },
      ],
      removalPolicy,
      autoDeleteObjects: !config.retainData,
    });
    this.origin = `https://${this.bucketName}.s3.${config.region}.${Aws.URL_SUFFIX}`;

    new CfnOutput(this, 'MediaBucketName', { value: this.bucket.bucketName, description: 'Uploaded media (private; signed URLs only)' });
  }

  /** How cdk-nag names the media/* resource in another stack's policy (for an IAM5 acknowledgement there). */
  get objectsFindingResource(): string {
    return `arn:<AWS::Partition>:s3:::${this.findingName}/${MEDIA_OBJECTS}`;
  }

  /**
   * Objects a function may touch, with the actions it needs: all under media/,
   * nothing else of the bucket. Signing a URL needs the action the URL performs
   * (PutObject + PutObjectTagging for an upload with its tag, GetObject for a preview).
   */
  grantObjects(fn: MarkFunction, actions: readonly string[]): void {
    fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...actions], resources: [`arn:${Aws.PARTITION}:s3:::${this.bucketName}/${MEDIA_OBJECTS}`] }));
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.objectsFindingResource}]`,
      reason:
        'Media objects are named media/<user id>/<media id> as users upload them, so they cannot be listed in advance; the wildcard is ' +
        'confined to the media/ prefix of this one bucket, with only the object actions this function signs or performs.',
    });
  }

  /** List one user's objects (account deletion and export): ListBucket under media/ only. */
  grantList(fn: MarkFunction): void {
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [`arn:${Aws.PARTITION}:s3:::${this.bucketName}`], conditions: { StringLike: { 's3:prefix': ['media/*'] } } }),
    );
  }
}
