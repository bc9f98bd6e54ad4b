import { it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { localDynamoClient } from '../../bin/runtime/dynamodb-local';
import { ManualClock } from '../support/manual-clock';
import { startTestApp } from './support/test-runtime';
import { envelope } from './support/mail';

it('debug', async () => {
  const clock = new ManualClock('2027-01-12T08:00:00.000Z');
  const app = await startTestApp({ clock, env: { SMTP_URL: 'smtp://127.0.0.1:1' }, publishing: { tickMs: 0 }, mail: { tickMs: 0 }, log: (l) => console.log('LOG', l) });
  const user = await app.signIn('x@example.com');
  const r = await app.mail.worker({ Records: [{ messageId: '1', body: envelope({ type: 'linkedin.connection_lost', userId: user.userId, reason: 'unauthorized', at: clock.now().toISOString() }), attributes: { ApproximateReceiveCount: '1' } } as never] }, { getRemainingTimeInMillis: () => 1000 } as never);
  console.log('RESULT', JSON.stringify(r));
  const db = createDocumentClient(localDynamoClient(app.dynamoEndpoint));
  console.log('ITEMS', JSON.stringify((await db.send(new ScanCommand({ TableName: app.tableName }))).Items?.filter((i) => String(i['SK']).startsWith('MAIL'))));
  clock.advanceMinutes(2);
  console.log('STEP', JSON.stringify(await app.mail.step()));
  await app.stop();
});
