import { HmacMediaDownloadTokens } from '../../adapters/hmac-media-download-tokens';
import { StorageMediaInspector } from '../../adapters/media/storage-media-inspector';
import { ENV } from '../../contract/environment';
import { required } from '../config';
import { metering } from './aws-deps';
import { secretEnv } from './secret-env';
import { mediaStorage, mediaStore } from './media-storage';

/** The media function: the table, the media bucket, the checks (pdf-lib in a file of its own beside this bundle, loaded only by a PDF's check), and the key (the app secret's) of the export's download links. */
export async function mediaDeps() {
  const e = await secretEnv();
  const storage = mediaStorage(e);
  const tokens = new HmacMediaDownloadTokens(required(e, ENV.cursorSigningKey));
  return { media: mediaStore(e), storage, inspector: new StorageMediaInspector(storage), tokens, ...(await metering()) };
}
