import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, UsageError } from '../../bin/ops/connection';
import { RUNTIME_FILE } from '../../bin/runtime/runtime-info';

const root = mkdtempSync(join(tmpdir(), 'mark0-connect-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, '.mark0'));
writeFileSync(join(root, '.mark0', RUNTIME_FILE), JSON.stringify({ url: 'http://127.0.0.1:3000', dynamoEndpoint: 'http://127.0.0.1:8001', tableName: 'running', pid: 1 }));
const AWS_ENV = { TABLE_NAME: 'Mark0-prod-Table', AWS_ENDPOINT_URL_DYNAMODB: 'https://dynamodb.eu-west-1.amazonaws.com', AWS_REGION: 'eu-west-1' };

describe('which table an operator command (backup, restore, tier) talks to', () => {
  it('--local: the running runtime, whatever the shell environment says', () => {
    const c = connect({ local: true }, AWS_ENV, root);
    expect(c.tableName).toBe('running');
    expect(c.where).toBe('DynamoDB Local at http://127.0.0.1:8001');
  });

  it('--local with another data dir, or flags on top', () => {
    expect(() => connect({ local: true, dataDir: 'elsewhere' }, {}, root)).toThrow(/not running .*npm start/);
    expect(connect({ local: true, table: 'other' }, {}, root).tableName).toBe('other');
  });

  it('--local --endpoint without a running runtime: that DynamoDB Local and the runtime’s default table', () => {
    const c = connect({ local: true, dataDir: 'elsewhere', endpoint: 'http://127.0.0.1:9000' }, {}, root);
    expect(c.tableName).toBe('mark0');
    expect(c.where).toBe('DynamoDB Local at http://127.0.0.1:9000');
  });

  it('otherwise flags, then the environment; no table is a usage error naming the TableName output', () => {
    expect(connect({}, AWS_ENV, root).tableName).toBe('Mark0-prod-Table');
    expect(connect({ table: 't', region: 'us-east-1' }, {}, root).where).toBe('AWS us-east-1');
    expect(() => connect({}, {}, root)).toThrow(UsageError);
    expect(() => connect({}, {}, root)).toThrow(/TableName output/);
  });
});
