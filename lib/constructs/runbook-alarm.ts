import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';

/** `page`: part of the "users are hurt now" composite (SMS); `notify`: email only. */
export type Severity = 'page' | 'notify';

export interface RunbookAlarmProps {
  /** `<prefix>-<name>`: what the email subject and the console show. */
  alarmName: string;
  /** The heading anchor of this alarm's entry in docs/RUNBOOK.md. */
  anchor: string;
  /** What it means when it fires, in one or two sentences. */
  summary: string;
  metric: cloudwatch.IMetric;
  threshold: number;
  comparisonOperator: cloudwatch.ComparisonOperator;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  /** How missing data counts, and why: written into the description so the choice is visible where it matters. */
  missingData: { treat: cloudwatch.TreatMissingData; why: string };
  severity: Severity;
  runbookUrl: string;
}

const MISSING_DATA_WORDS: Record<cloudwatch.TreatMissingData, string> = {
  [cloudwatch.TreatMissingData.BREACHING]: 'as breaching',
  [cloudwatch.TreatMissingData.NOT_BREACHING]: 'as fine',
  [cloudwatch.TreatMissingData.IGNORE]: 'as ignored',
  [cloudwatch.TreatMissingData.MISSING]: 'as missing',
};

/**
 * A CloudWatch alarm that says what it means, how it treats missing data and
 * why, and where its runbook entry is — all in the description, which is what
 * the alarm email shows first.
 */
export class RunbookAlarm extends Construct {
  readonly alarm: cloudwatch.Alarm;
  readonly severity: Severity;
  readonly anchor: string;

  constructor(scope: Construct, id: string, props: RunbookAlarmProps) {
    super(scope, id);
    this.severity = props.severity;
    this.anchor = props.anchor;
    this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
      alarmName: props.alarmName,
      alarmDescription: runbookDescription(props.summary, props.runbookUrl, props.anchor, props.missingData),
      metric: props.metric,
      threshold: props.threshold,
      comparisonOperator: props.comparisonOperator,
      evaluationPeriods: props.evaluationPeriods,
      datapointsToAlarm: props.datapointsToAlarm,
      treatMissingData: props.missingData.treat,
    });
  }
}

export function runbookDescription(summary: string, runbookUrl: string, anchor: string, missingData?: { treat: cloudwatch.TreatMissingData; why: string }): string {
  const missing = missingData ? ` Missing data counts ${MISSING_DATA_WORDS[missingData.treat]}: ${missingData.why}` : '';
  const text = `${summary}${missing} Runbook: ${runbookUrl}#${anchor}`;
  if (text.length > 1024) throw new Error(`Alarm description over CloudWatch's 1024 characters (${text.length}) for #${anchor}`);
  return text;
}
