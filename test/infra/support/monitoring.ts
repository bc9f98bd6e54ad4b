import { App, Stack } from 'aws-cdk-lib';
import { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { readConfig } from '../../../lib/config';
import { MonitoringStack } from '../../../lib/stacks/monitoring-stack';
import { CDK_JSON_CONTEXT, SKIP_BUNDLING } from './synth';

/**
 * A monitoring stack with every optional group on, publishing included (issue
 * 3's queue, DLQ, publisher, reconciler, schedule group and scheduler DLQ
 * stand-ins), as it will be once publishing lands.
 */
export function monitoringWithPublishing(): MonitoringStack {
  const app = new App({ context: { ...CDK_JSON_CONTEXT, ...SKIP_BUNDLING } });
  const config = readConfig(app.node);
  const parts = new Stack(app, 'Parts');
  const fn = (id: string) => lambda.Function.fromFunctionName(parts, id, `mark0-dev-${id.toLowerCase()}`);
  return new MonitoringStack(app, 'Monitoring', {
    config,
    notificationsKey: new kms.Key(parts, 'NotificationsKey'),
    api: { restApiName: 'mark0-dev-api', stageName: 'dev', url: 'https://api.example.com/dev/' },
    table: TableV2.fromTableName(parts, 'Table', 'mark0-dev-table'),
    backups: true,
    publishing: {
      queue: new sqs.Queue(parts, 'PublishQueue'),
      deadLetterQueue: new sqs.Queue(parts, 'PublishDlq'),
      publisher: fn('Publisher'),
      reconciler: fn('Reconciler'),
      scheduleGroupName: 'mark0-dev-posts',
      schedulerDeadLetterQueue: new sqs.Queue(parts, 'SchedulerDlq'),
    },
  });
}
