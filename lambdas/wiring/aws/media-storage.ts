import { required } from '../config';
import { createS3Client, S3MediaStorage } from '../../adapters/aws/s3-media-storage';
import { S3Previews } from '../../adapters/aws/s3-previews';
import { DynamoMediaStore } from '../../adapters/dynamodb/media-store';
import { ENV, type Env } from '../../contract/environment';
import { db } from './aws-deps';

/**
 * The media bucket and items, for every function that touches media (media,
 * posts, publisher). Apart from media-deps.ts so the checks' pdf-lib stays in
 * the media function's bundle only.
 */
let storage: S3MediaStorage | undefined;
export function mediaStorage(e: Env): S3MediaStorage {
  const bucket = required(e, ENV.mediaBucket);
  return (storage ??= new S3MediaStorage(createS3Client({ bucket, ...(e[ENV.s3Endpoint] ? { endpoint: e[ENV.s3Endpoint] } : {}) })));
}

/** Previews only (signed GETs), for a function that shows posts and does nothing else with the bucket (the queue function). */
export function mediaPreviews(e: Env): S3Previews {
  const bucket = required(e, ENV.mediaBucket);
  return new S3Previews(createS3Client({ bucket, ...(e[ENV.s3Endpoint] ? { endpoint: e[ENV.s3Endpoint] } : {}) }));
}

export function mediaStore(e: Env): DynamoMediaStore {
  return new DynamoMediaStore(db(), required(e, ENV.tableName));
}
