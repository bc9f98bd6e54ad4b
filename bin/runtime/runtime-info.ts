/**
 * What a running runtime with a data dir (`npm start`) writes to
 * `<data dir>/runtime.json` while it runs, so operator commands can find its
 * DynamoDB Local and table (`npm run backup -- --local`, `npm run tier -- --local`).
 */
export const RUNTIME_FILE = 'runtime.json';

export interface RuntimeInfo {
  url: string;
  dynamoEndpoint: string;
  tableName: string;
  pid: number;
}
