import { required } from '../config';
import { createS3Client, S3MediaStorage } from '../../adapters/aws/s3-media-storage';
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
  return (storage ??= new S3MediaStorage(createS3Client({ bucket, ...(e[ENV.s3Endpoint] ? { endpoint: e[ENV.s3Endpoint] } : {}) }), bucket));
}

export function mediaStore(e: Env): DynamoMediaStore {
  return new DynamoMediaStore(db(), required(e, ENV.tableName));
}
