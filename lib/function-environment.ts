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
