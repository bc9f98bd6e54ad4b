import { HmacMediaDownloadTokens } from '../../adapters/hmac-media-download-tokens';
import { StorageMediaInspector } from '../../adapters/media/storage-media-inspector';
import { ENV } from '../../contract/environment';
import { required } from '../config';
import { env, metering } from './aws-deps';
import { mediaStorage, mediaStore } from './media-storage';

/** The media function: the table, the media bucket, the checks (pdf-lib lives in this bundle only), and the key of the export's download links. */
export async function mediaDeps() {
  const e = await env();
  const storage = mediaStorage(e);
  const tokens = new HmacMediaDownloadTokens(required(e, ENV.cursorSigningKey));
  return { media: mediaStore(e), storage, inspector: new StorageMediaInspector(storage), tokens, ...(await metering()) };
}
