/**
 * The environment contract between the CDK app and the Lambda code: the
 * variable names lambdas/adapters read (app-config.ts, aws/aws-deps.ts,
 * aws/secrets.ts). Stacks use these constants, never the strings, and
 * test/infra/function-environment.test.ts holds them to the adapter sources.
 */
export const ENV = {
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
  /** Publishing (issue 3): where schedules go, the role they run as, the queue they deliver to. */
  scheduleGroupName: 'SCHEDULE_GROUP_NAME',
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
  publishQueueArn: 'PUBLISH_QUEUE_ARN',
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
  /** The stage's resource prefix: usage plans and API keys are named `<prefix>-…` (core/usage-plans.ts). */
  apiResourcePrefix: 'API_RESOURCE_PREFIX',
  /** Dedicated API keys this stage may create (config apiKeyBudget). */
  apiKeyBudget: 'API_KEY_BUDGET',
  /** The AI model and the OpenAI-compatible endpoint (the key is in the app secret). */
  openaiModel: 'OPENAI_MODEL',
  openaiBaseUrl: 'OPENAI_BASE_URL',
} as const;

/**
 * The app secret's JSON keys, which are environment variable names. CDK
 * generates the cursor key; the operator pastes the provider credentials in
 * after the first deploy (lib/README.md, "Deploying"). Empty values are ignored by the
 * secrets adapter, so a function starts before they are filled in.
 */
export const APP_SECRET_KEYS = {
  generated: 'CURSOR_SIGNING_KEY',
  operatorFilled: ['LINKEDIN_CLIENT_ID', 'LINKEDIN_CLIENT_SECRET', 'OPENAI_API_KEY'],
} as const;
