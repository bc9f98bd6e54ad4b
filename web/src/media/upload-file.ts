import type { MediaUpload } from '@contract/api/media';

/** How an upload ended, when it did not work: words for the person, and whether trying again may help. */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/**
 * PUTs a file to its signed URL with the headers the API named, reporting real
 * progress (bytes sent / total) as the browser sends them: XMLHttpRequest,
 * because fetch cannot report upload progress. The browser sets Content-Length
 * from the file, which the signature requires to be the announced size.
 */
export function uploadFile(upload: MediaUpload, file: Blob, onProgress: (sent: number, total: number) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method, upload.url);
    for (const [name, value] of Object.entries(upload.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(file.size, file.size);
        resolve();
      } else if (xhr.status === 403) {
        reject(new UploadError('The upload link expired before the upload started (links work 15 minutes). Remove the file and add it again.', false));
      } else reject(new UploadError(`The upload failed (storage answered ${xhr.status}). Check your connection and try again.`, true));
    };
    xhr.onerror = () => reject(new UploadError('The upload was interrupted: check your connection, then try again.', true));
    xhr.onabort = () => reject(new UploadError('The upload was cancelled.', false));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
