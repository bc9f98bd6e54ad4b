/**
 * List prices, us-east-1, on-demand, no discounts, in US dollars, as of 2026
 * (checked 2026-11). "verified" = checked against a published page with the
 * `search` tool while writing this file (the page is named); the others are
 * the AWS pricing pages' figures as known to the author and are worth a look
 * before a decision rests on them. `free*` fields are the monthly allowances
 * AWS lists as never expiring (not the 12-month free tier); the headline total
 * ignores them all.
 */
export const PRICES = {
  region: 'us-east-1',
  asOf: 'list prices as of 2026 (checked 2026-11)',

  // aws.amazon.com/api-gateway/pricing: REST APIs, first 333 million requests a month.
  apiGatewayPerMillion: 3.5,
  // aws.amazon.com/lambda/pricing: Arm (Graviton) duration and requests. Always free: 1M requests, 400,000 GB-s.
  lambdaPerGbSecondArm: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  freeLambdaRequestsMillions: 1,
  freeLambdaGbSeconds: 400_000,
  // Verified (airbyte.com "DynamoDB pricing", after the November 2024 cut): on-demand $0.625 / M WRU, $0.125 / M RRU.
  dynamoPerMillionWru: 0.625,
  dynamoPerMillionRru: 0.125,
  // aws.amazon.com/dynamodb/pricing: standard table class storage (25 GB always free).
  // Verified (finops.com.py "DynamoDB backups"): PITR $0.20 / GB-month of table size.
  dynamoStoragePerGbMonth: 0.25,
  freeDynamoStorageGb: 25,
  dynamoPitrPerGbMonth: 0.2,
  // Verified (finops.com.py, whitebirch.io "AWS Backup with DynamoDB"): every DynamoDB backup is a full,
  // separately billed copy at $0.10 / GB-month (AWS Backup: same warm price). Restores: aws.amazon.com/backup/pricing.
  backupWarmPerGbMonth: 0.1,
  // aws.amazon.com/backup/pricing, DynamoDB (advanced features) cold storage: $0.03 / GB-month (not re-checked here).
  backupColdPerGbMonth: 0.03,
  backupRestorePerGb: 0.15,
  // aws.amazon.com/sqs/pricing: standard queue, per million requests (1M always free).
  sqsPerMillion: 0.4,
  freeSqsMillions: 1,
  // aws.amazon.com/eventbridge/pricing: Scheduler invocations (14M free a month), custom events on a bus.
  schedulerPerMillion: 1.0,
  freeSchedulerMillions: 14,
  eventBusPerMillionEvents: 1.0,
  // aws.amazon.com/cloudwatch/pricing: standard logs; alarms per alarm metric; custom metrics (first 10,000).
  // Always free: 5 GB logs, 10 alarm metrics, 10 custom metrics, 3 dashboards.
  logsIngestionPerGb: 0.5,
  logsStoragePerGbMonth: 0.03,
  freeLogsGb: 5,
  // Verified (c3x.dev "aws_cloudwatch_metric_alarm"): $0.10 standard, $0.30 high resolution, $0.50 composite.
  alarmStandardPerMetric: 0.1,
  alarmHighResPerMetric: 0.3,
  alarmComposite: 0.5,
  freeAlarmMetrics: 10,
  customMetricPerMonth: 0.3,
  freeCustomMetrics: 10,
  dashboardPerMonth: 3,
  freeDashboards: 3,
  // aws.amazon.com/kms/pricing: customer managed key per month; requests (20,000 always free).
  kmsKeyPerMonth: 1,
  kmsPer10kRequests: 0.03,
  freeKmsRequests: 20_000,
  // aws.amazon.com/secrets-manager/pricing.
  secretPerMonth: 0.4,
  secretsPer10kCalls: 0.05,
  // aws.amazon.com/waf/pricing: web ACL, rule (a managed rule group counts as one), requests.
  wafWebAclPerMonth: 5,
  wafRulePerMonth: 1,
  wafPerMillionRequests: 0.6,
  // Verified (api-evangelist transcription of aws.amazon.com/cognito/pricing, 2026-09): Lite $0.0055 / MAU up to 50,000
  // ($0.0046 above; the model keeps $0.0055, an upper bound), first 10,000 MAU free (does not expire). The user pool is Lite.
  cognitoLitePerMau: 0.0055,
  freeCognitoMau: 10_000,
  // aws.amazon.com/cloudfront/pricing: North America data out (first 10 TB), HTTPS requests. Always free: 1 TB, 10M requests.
  cloudFrontPerGb: 0.085,
  cloudFrontPer10kHttps: 0.01,
  freeCloudFrontGb: 1000,
  freeCloudFrontRequests: 10_000_000,
  // aws.amazon.com/s3/pricing: GET requests (config.json and index.html are never cached by CloudFront).
  s3PerThousandGets: 0.0004,
  // aws.amazon.com/s3/pricing: S3 Standard storage (first 50 TB) and PUT/COPY/POST/LIST requests (tagging counts as PUT).
  s3StandardPerGbMonth: 0.023,
  s3PerThousandPuts: 0.005,
  // Always free: 100 GB of data transfer out to the internet a month (all services together).
  freeDataOutGb: 100,
  // aws.amazon.com/ec2/pricing/on-demand: data transfer out to the internet (API responses), first 10 TB.
  dataOutPerGb: 0.09,
  // Verified (getmaxim.ai model library and Sraleik/undetermini PRICING.md, 2026-05): gpt-4.1-mini per 1M tokens.
  openAiInputPerMillionTokens: 0.4,
  openAiOutputPerMillionTokens: 1.6,
  // Amazon SES outbound, from Lambda (the EC2-only free allowance does not apply): $0.10 per 1,000 mails (acecloudinterviews.com
  // "SES", 2026; aws.amazon.com/ses/pricing) and $0.12 per GB of mail sent (the pricing page's figure, not re-checked here).
  sesPer1000Emails: 0.1,
  sesPerGbSent: 0.12,
  // aws.amazon.com/sns/pricing: publishes (SES's notifications); deliveries to SQS cost nothing.
  snsPerMillionPublishes: 0.5,
} as const;

/** The shape of the table with plain numbers, so a test can price a small case of its own. */
export type PriceTable = { [K in keyof typeof PRICES]: (typeof PRICES)[K] extends number ? number : string };
