/**
 * Every environment variable the Lambda code reads, by name: the contract
 * between the CDK stacks (which set them), the local runtime (which sets or
 * defaults them) and the code that reads them (lambdas/wiring/config.ts and
 * the few adapters that read their own). Everyone uses these constants, never
 * the strings, so a renamed variable is a compile error, not a silent default.
 */
export const ENV = {
  // ── Set by the stacks ────────────────────────────────────────────────
  tableName: 'TABLE_NAME',
  /** The app secret; its JSON values are merged over the environment at cold start. */
  appSecretArn: 'APP_SECRET_ARN',
  /** `iss` the authorizer requires: the user pool's provider URL. */
  jwtIssuer: 'JWT_ISSUER',
  /** `aud` the authorizer requires: the web app client id. */
  jwtAudience: 'JWT_AUDIENCE',
  corsAllowOrigin: 'CORS_ALLOW_ORIGIN',
  /** The deployed GET /health the scheduled probe calls. */
  healthUrl: 'HEALTH_URL',
  /** Publishing: where schedules go, the role they run as, the queue they deliver to. */
  scheduleGroupName: 'SCHEDULE_GROUP_NAME',
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
  publishQueueArn: 'PUBLISH_QUEUE_ARN',
  /** The evergreen queue: its ARN where evergreen runs are scheduled (queue and evergreen functions), its URL where evergreen messages are sent (reconciler, publisher). */
  evergreenQueueArn: 'EVERGREEN_QUEUE_ARN',
  evergreenQueueUrl: 'EVERGREEN_QUEUE_URL',
  /** The queue EventBridge Scheduler dead-letters deliveries it gave up on. */
  schedulerDeadLetterQueueArn: 'SCHEDULER_DLQ_ARN',
  publishQueueUrl: 'PUBLISH_QUEUE_URL',
  eventBusName: 'EVENT_BUS_NAME',
  /** The KMS key of LinkedIn access tokens (encrypt in the callback, decrypt in the publisher). */
  tokenKeyArn: 'TOKEN_KEY_ARN',
  /** The web app's origins (returnTo after connecting LinkedIn), comma-separated. */
  webAppOrigins: 'WEB_APP_ORIGINS',
  /** This deployment's LinkedIn callback, registered in the LinkedIn app. */
  linkedinRedirectUri: 'LINKEDIN_REDIRECT_URI',
  /** LinkedIn-Version header, set only when configured (the code has a default). */
  linkedinVersion: 'LINKEDIN_VERSION',
  /** The stage's resource prefix: usage plans and API keys are named `<prefix>-…` (contract/usage-plans.ts). */
  apiResourcePrefix: 'API_RESOURCE_PREFIX',
  /** Dedicated API keys this stage may create (config apiKeyBudget). */
  apiKeyBudget: 'API_KEY_BUDGET',
  /** The AI model and the OpenAI-compatible endpoint (the key is in the app secret). */
  openaiModel: 'OPENAI_MODEL',
  openaiBaseUrl: 'OPENAI_BASE_URL',
  /** Account deletion: the queue its jobs run from, the user pool it deletes identities from, the API whose authorizer cache it flushes. */
  deletionQueueUrl: 'DELETION_QUEUE_URL',
  userPoolId: 'USER_POOL_ID',
  restApiId: 'REST_API_ID',
  apiStageName: 'API_STAGE_NAME',
  /** The private bucket of uploaded media (images, documents, videos). */
  mediaBucket: 'MEDIA_BUCKET',
  /** Mail: the From address (at the verified SES domain), and the SES configuration set every send names. */
  mailFrom: 'MAIL_FROM',
  mailConfigurationSet: 'MAIL_CONFIGURATION_SET',
  /** The API's base URL, stage included: where a mail's one-click unsubscribe (List-Unsubscribe) and an export's file download links point. */
  apiUrl: 'API_URL',

  // ── From the app secret (AWS) or the shell / .mark0 (local) ─────────
  cursorSigningKey: 'CURSOR_SIGNING_KEY',
  linkedinClientId: 'LINKEDIN_CLIENT_ID',
  linkedinClientSecret: 'LINKEDIN_CLIENT_SECRET',
  openaiApiKey: 'OPENAI_API_KEY',

  // ── Optional overrides, defaulted in code (any compatible endpoint works) ──
  /** Where the JWKS lives when not at `<issuer>/.well-known/jwks.json`. */
  jwksUrl: 'JWKS_URL',
  /** LinkedIn's OAuth base, e.g. https://www.linkedin.com/oauth/v2 (the sandbox's locally). */
  linkedinAuthUrl: 'LINKEDIN_AUTH_URL',
  /** LinkedIn's API base, e.g. https://api.linkedin.com. */
  linkedinApiUrl: 'LINKEDIN_API_URL',
  /** Base of a post's public link (the sandbox serves its own pages). */
  linkedinPostUrlBase: 'LINKEDIN_POST_URL_BASE',
  /** An S3-compatible endpoint instead of AWS's (the local runtime's S3 twin); path-style addressing. */
  s3Endpoint: 'S3_ENDPOINT',
  /** The whole budget of one AI generation, retries included. */
  openaiTimeoutMs: 'OPENAI_TIMEOUT_MS',
  openaiMaxRetries: 'OPENAI_MAX_RETRIES',
  /**
   * Local runtime only: mail goes over SMTP to this server (smtp://host:587 uses STARTTLS when offered,
   * smtps://host:465 is TLS from the start; user:password@ for AUTH). Unset: the sandbox outbox.
   */
  smtpUrl: 'SMTP_URL',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

/** An environment as the code reads it: process.env in Lambda and on a machine, or a test's own. */
export type Env = Record<string, string | undefined>;

/**
 * The app secret's JSON keys, which are environment variable names. CDK
 * generates the cursor key; the operator pastes the provider credentials in
 * after the first deploy (lib/README.md, "Deploying"). Empty values are ignored by the
 * secrets adapter, so a function starts before they are filled in.
 */
export const APP_SECRET_KEYS = {
  generated: ENV.cursorSigningKey,
  operatorFilled: [ENV.linkedinClientId, ENV.linkedinClientSecret, ENV.openaiApiKey],
} as const;
