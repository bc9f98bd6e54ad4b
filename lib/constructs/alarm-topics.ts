import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmTopicsProps {
  resourcePrefix: string;
  /** The customer-managed key the topics are encrypted with (the data stack's notifications key): CloudWatch is let use it here. */
  key: kms.Key;
  /** Subscribed to both topics. */
  emails: string[];
  /** Subscribed to the page topic only. */
  smsNumbers: string[];
}

/**
 * Where alarms go: `page` (SMS and email, "users are hurt now": the composite
 * alarm only) and `notify` (email: everything else, to read the same day).
 *
 * Both topics are encrypted with a customer-managed key whose policy lets
 * CloudWatch use it: alarms cannot publish to a topic encrypted with the
 * AWS-managed `aws/sns` key, whose policy nobody can change. Both topic
 * policies refuse anything but TLS and let CloudWatch publish only for alarms
 * of this account.
 */
export class AlarmTopics extends Construct {
  readonly key: kms.Key;
  readonly page: sns.Topic;
  readonly notify: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicsProps) {
    super(scope, id);
    this.key = props.key;
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishToEncryptedTopics',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'], // in a key policy, "*" is this key
      }),
    );

    this.page = this.topic('Page', `${props.resourcePrefix}-page`, 'Mark.0 PAGE: users are hurt now');
    this.notify = this.topic('Notify', `${props.resourcePrefix}-notify`, 'Mark.0: needs a look today');
    for (const email of props.emails) {
      this.page.addSubscription(new subscriptions.EmailSubscription(email));
      this.notify.addSubscription(new subscriptions.EmailSubscription(email));
    }
    for (const number of props.smsNumbers) this.page.addSubscription(new subscriptions.SmsSubscription(number));
  }

  private topic(id: string, topicName: string, displayName: string): sns.Topic {
    const topic = new sns.Topic(this, id, { topicName, displayName, masterKey: this.key, enforceSSL: true });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );
    return topic;
  }
}
