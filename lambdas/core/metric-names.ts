/**
 * Custom metric names (CloudWatch namespace `Mark0`, dimension `service`).
 * Handlers emit them through Powertools Metrics (EMF); the monitoring stack
 * alarms and graphs them by these same constants, so a rename cannot silently
 * orphan an alarm.
 */
export const METRIC_NAMESPACE = 'Mark0';
export const METRIC_SERVICE = 'mark0';

export const METRICS = {
  apiRequests: 'ApiRequests',
  apiLatency: 'ApiLatency',
  apiClientErrors: 'ApiClientErrors',
  apiServerErrors: 'ApiServerErrors',
  signUps: 'SignUps',
  activeUsers: 'DailyActiveUsers',
  quotaHits: 'QuotaHits',
  /** Users given an API key of their own (against the key budget). */
  apiKeysDedicated: 'ApiKeysDedicated',
  /** Users given their tier's shared key: the key budget (or the account's 10,000 keys) is spent. */
  apiKeysPooled: 'ApiKeysPooled',
  postsScheduled: 'PostsScheduled',
  postsPublished: 'PostsPublished',
  postsFailed: 'PostsFailed',
  /** Seconds between a post's scheduledAt and the moment LinkedIn accepted it. */
  publishDelay: 'PublishDelaySeconds',
  aiGenerations: 'AiGenerations',
  aiTokens: 'AiTokens',
  aiFailures: 'AiFailures',
  aiBreakerOpen: 'AiBreakerOpen',
} as const;
