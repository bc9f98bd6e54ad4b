import { StorageMediaInspector } from '../../adapters/media/storage-media-inspector';
import { env, metering } from './aws-deps';
import { mediaStorage, mediaStore } from './media-storage';

/** The media function: the table, the media bucket, and the checks (pdf-lib lives in this bundle only). */
export async function mediaDeps() {
  const e = await env();
  const storage = mediaStorage(e);
  return { media: mediaStore(e), storage, inspector: new StorageMediaInspector(storage), ...(await metering()) };
}
