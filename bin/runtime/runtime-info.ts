/**
 * What a running runtime with a data dir (`npm start`) writes to
 * `<data dir>/runtime.json` while it runs, so operator commands can find its
 * DynamoDB Local and table (`npm run backup -- --local`, `npm run tier -- --local`).
 */
export const RUNTIME_FILE = 'runtime.json';

/** The table the local runtime uses unless told otherwise. */
export const LOCAL_TABLE_NAME = 'mark0';

export interface RuntimeInfo {
  url: string;
  dynamoEndpoint: string;
  tableName: string;
  pid: number;
}
