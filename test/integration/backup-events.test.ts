import { BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { DynamoRestoredTableInspector } from '@lambdas/adapters/dynamodb/restored-table-inspector';
import { METRICS } from '@contract/metric-names';
import type { RestoreValidationReporter } from '@lambdas/core/ports/restore-test';
import type { DailyWatchEvent, JobEvent, RestoreJobEvent } from '@lambdas/handlers/backup-events';
import { metricsOf, useEmfCapture } from '../support/emf';
import { createTestTable } from './support/test-table';

const context = { functionName: 'restore-validator', awsRequestId: 'r', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
const capture = useEmfCapture();

function restoreEvent(detail: Partial<RestoreJobEvent['detail']>): RestoreJobEvent {
  return {
    version: '0', id: 'e', 'detail-type': 'Restore Job State Change', source: 'aws.backup', account: '123456789012', time: '2026-11-30T04:00:00Z',
    region: 'eu-west-1', resources: [],
    detail: { restoreJobId: 'job-1', status: 'COMPLETED', resourceType: 'DynamoDB', restoreTestingPlanArn: 'arn:aws:backup:eu-west-1:123456789012:restore-testing-plan:weekly', ...detail },
  };
}

async function handlerWith(liveTable: string, client: DynamoDBClient) {
  const reports: { id: string; status: string; message: string }[] = [];
  const reporter: RestoreValidationReporter = { report: async (id, status, message) => void reports.push({ id, status, message }) };
  const { createBackupEventsHandler } = await import('@lambdas/handlers/backup-events');
  return { reports, validate: createBackupEventsHandler({ inspector: new DynamoRestoredTableInspector(client, liveTable), reporter }) };
}

async function fill(client: DynamoDBClient, tableName: string, users: number) {
  for (let u = 0; u < users; u += 12) {
    const items: { PutRequest: { Item: Record<string, { S: string }> } }[] = [];
    for (let i = u; i < Math.min(users, u + 12); i++) {
      items.push({ PutRequest: { Item: { PK: { S: `USER#${i}` }, SK: { S: 'PROFILE' }, type: { S: 'USER' } } } });
      items.push({ PutRequest: { Item: { PK: { S: `USER#${i}` }, SK: { S: 'POST#1' }, type: { S: 'POST' }, GSI1PK: { S: `USER#${i}#draft` }, GSI1SK: { S: 'x' } } } });
    }
    await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: items } }));
  }
}

describe('AWS Backup events: the restore-test validator', () => {
  it('reads the whole restored table, reports SUCCESSFUL to AWS Backup and counts a passed test', async () => {
    const live = await createTestTable();
    const restored = await createTestTable();
    await fill(restored.client, restored.tableName, 150);
    const { validate, reports } = await handlerWith(live.tableName, restored.client);
    const verdict = await validate(restoreEvent({ createdResourceArn: `arn:aws:dynamodb:eu-west-1:123456789012:table/${restored.tableName}` }), context);
    expect(verdict).toMatchObject({ status: 'SUCCESSFUL' });
    expect(reports).toEqual([{ id: 'job-1', status: 'SUCCESSFUL', message: expect.stringContaining('300 items (POST 150, USER 150)') }]);
    expect(metricsOf(capture().lines())).toEqual({ [METRICS.restoreTestsPassed]: expect.objectContaining({ unit: 'Count', value: 1 }) });
  });

  it('reports FAILED when the restored table cannot be read, and counts a failed test', async () => {
    const live = await createTestTable();
    const { validate, reports } = await handlerWith(live.tableName, live.client);
    await validate(restoreEvent({ createdResourceArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/awsbackup-restore-test-gone' }), context);
    expect(reports).toEqual([{ id: 'job-1', status: 'FAILED', message: expect.stringContaining('Could not read restored table awsbackup-restore-test-gone') }]);
    expect(metricsOf(capture().lines())).toEqual({ [METRICS.restoreTestsFailed]: expect.objectContaining({ value: 1 }) });
  });

  it('counts a restore job that FAILED as a failed test without reporting a validation (there is nothing to validate)', async () => {
    const live = await createTestTable();
    const { validate, reports } = await handlerWith(live.tableName, live.client);
    const verdict = await validate(restoreEvent({ status: 'FAILED', statusMessage: 'Access denied to KMS key' }), context);
    expect(verdict).toEqual({ status: 'FAILED', message: 'The restore job ended FAILED: Access denied to KMS key' });
    expect(reports).toEqual([]);
    expect(metricsOf(capture().lines())[METRICS.restoreTestsFailed]?.value).toBe(1);
  });
});

describe('AWS Backup events: backup and copy jobs', () => {
  const jobEvent = (type: JobEvent['detail-type'], state: string): JobEvent => ({
    version: '0', id: 'e', 'detail-type': type, source: 'aws.backup', account: '123456789012', time: '2026-11-30T05:10:00Z', region: 'eu-west-1', resources: [],
    detail: { state, backupJobId: 'b-1', resourceArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/mark0', statusMessage: state === 'COMPLETED' ? undefined : 'Insufficient privileges' },
  });

  it('counts a completed backup job, and a failed, aborted or expired backup or copy job as a failure', async () => {
    const live = await createTestTable();
    const { validate, reports } = await handlerWith(live.tableName, live.client);
    await validate(jobEvent('Backup Job State Change', 'COMPLETED'), context);
    expect(metricsOf(capture().lines())).toEqual({ [METRICS.backupJobsCompleted]: expect.objectContaining({ unit: 'Count', value: 1 }) });
    for (const [type, state] of [['Backup Job State Change', 'FAILED'], ['Backup Job State Change', 'EXPIRED'], ['Copy Job State Change', 'ABORTED']] as const) {
      capture().clear();
      expect(await validate(jobEvent(type, state), context)).toEqual({ job: type.startsWith('Copy') ? 'copy' : 'backup', state });
      expect(metricsOf(capture().lines())).toEqual({ [METRICS.backupJobsFailed]: expect.objectContaining({ value: 1 }) });
    }
    capture().clear();
    await validate(jobEvent('Copy Job State Change', 'COMPLETED'), context);
    expect(capture().lines()).toEqual([]); // a finished copy is no backup of its own
    expect(reports).toEqual([]);
  });
});

describe('AWS Backup events: the daily watch', () => {
  it('writes a 0 for completed backups and passed restore tests, so their daily alarms always have data', async () => {
    const live = await createTestTable();
    const { validate } = await handlerWith(live.tableName, live.client);
    const event: DailyWatchEvent = { version: '0', id: 'e', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '1', time: '2026-11-30T00:05:00Z', region: 'eu-west-1', resources: [], detail: {} };
    expect(await validate(event, context)).toEqual({ watch: 'daily' });
    expect(metricsOf(capture().lines())).toEqual({
      [METRICS.backupJobsCompleted]: expect.objectContaining({ unit: 'Count', value: 0 }),
      [METRICS.restoreTestsPassed]: expect.objectContaining({ unit: 'Count', value: 0 }),
    });
  });
});
