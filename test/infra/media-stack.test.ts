import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { MEDIA_ATTACHED_TAG, MEDIA_BUCKET_CORS } from '@contract/api/media';
import { synthApp } from './support/synth';

const { stacks } = synthApp({ region: 'eu-west-1' });
const media = Template.fromStack(stacks.media);
const bucket = () => {
  const buckets = Object.values(media.findResources('AWS::S3::Bucket', { Properties: { BucketName: { 'Fn::Join': ['', ['mark0-dev-media-', { Ref: 'AWS::AccountId' }, '-eu-west-1']] } } })) as { Properties: Record<string, any>; DeletionPolicy?: string }[];
  expect(buckets).toHaveLength(1);
  return buckets[0]!;
};

describe('the media bucket (stateful)', () => {
  it('is private: all public access blocked, owner-enforced, encrypted, TLS only, its access logged, retained', () => {
    const { Properties: p, DeletionPolicy } = bucket();
    expect(p['PublicAccessBlockConfiguration']).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(p['OwnershipControls']).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(p['BucketEncryption']).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    expect(p['LoggingConfiguration']).toMatchObject({ LogFilePrefix: 'media/' });
    expect(DeletionPolicy).toBe('Retain');
    const policy = JSON.stringify(media.findResources('AWS::S3::BucketPolicy'));
    expect(policy).toContain('"aws:SecureTransport":"false"');
  });

  it('lets only the web app origin PUT uploads and GET previews from the browser (CORS)', () => {
    expect(bucket().Properties['CorsConfiguration']).toEqual({
      CorsRules: [
        {
          AllowedOrigins: [expect.anything()],
          AllowedMethods: [...MEDIA_BUCKET_CORS.methods],
          AllowedHeaders: [...MEDIA_BUCKET_CORS.headers],
          ExposedHeaders: [...MEDIA_BUCKET_CORS.exposeHeaders],
          MaxAge: MEDIA_BUCKET_CORS.maxAgeSeconds,
        },
      ],
    });
    expect(JSON.stringify(bucket().Properties['CorsConfiguration'])).not.toContain('"*"');
  });

  it('removes unfinished multipart uploads and never-attached uploads after a day', () => {
    expect(bucket().Properties['LifecycleConfiguration'].Rules).toEqual([
      { Id: 'unfinished-uploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
      { Id: 'never-attached', ExpirationInDays: 1, TagFilters: [{ Key: MEDIA_ATTACHED_TAG.key, Value: MEDIA_ATTACHED_TAG.no }], Status: 'Enabled' },
    ]);
  });
});
