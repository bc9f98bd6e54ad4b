import { linkedinPostUrlBase, required } from '../config';
import { DynamoMailSettingsReader } from '../../adapters/dynamodb/mail-settings-reader';
import { DynamoMailSuppressionList } from '../../adapters/dynamodb/mail-suppression-list';
import { DynamoUserDataStore } from '../../adapters/dynamodb/user-data-store';
import { HmacMediaDownloadTokens } from '../../adapters/hmac-media-download-tokens';
import { ENV } from '../../contract/environment';
import { db, metering } from './aws-deps';
import { secretEnv } from './secret-env';

/** The export function: the profile with its address's suppression, and the user's partition, read page by page; the key its files' download links are signed with. */
export async function exportDeps() {
  const e = await secretEnv(); // the download links' key is the app secret's
  return {
    mailSettings: new DynamoMailSettingsReader(db(), required(e, ENV.tableName)),
    data: new DynamoUserDataStore(db(), required(e, ENV.tableName)),
    suppression: new DynamoMailSuppressionList(db(), required(e, ENV.tableName)),
    downloads: { tokens: new HmacMediaDownloadTokens(required(e, ENV.cursorSigningKey)), apiUrl: required(e, ENV.apiUrl).replace(/\/$/, '') },
    postUrlBase: linkedinPostUrlBase(e),
    ...(await metering()),
  };
}

