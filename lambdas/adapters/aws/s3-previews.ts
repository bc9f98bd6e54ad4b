import type { MediaStorage } from '../../core/ports/media-storage';
import type { S3Api } from './s3-api';

/**
 * A stored object's preview: a GET signed at the start of the hour and valid
 * two hours, so the same URL for an hour (browsers cache the image), and always
 * at least an hour left. S3MediaStorage signs previews with it; a function that
 * only shows posts (the queue function) takes this alone (`S3Previews`), not the
 * whole media storage.
 */
export function presignPreview(s3: Pick<S3Api, 'presign'>, key: string, expiresInSeconds: number, now: Date): Promise<string> {
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  return s3.presign('GET', key, { expiresInSeconds: expiresInSeconds + 3600, signingDate: hour });
}

/** Previews of the media bucket's objects, and nothing else of it. */
export class S3Previews implements Pick<MediaStorage, 'presignDownload'> {
  constructor(
    private readonly s3: Pick<S3Api, 'presign'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  presignDownload(key: string, expiresInSeconds: number): Promise<string> {
    return presignPreview(this.s3, key, expiresInSeconds, this.now());
  }
}
