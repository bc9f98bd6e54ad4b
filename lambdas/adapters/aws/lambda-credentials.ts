import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * The AWS SDK's credential chain, as a Lambda function needs it: Lambda puts
 * the execution role's credentials in the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the environment provider is
 * the whole chain. Lambda bundles alias `@aws-sdk/credential-provider-node`
 * (SSO, profiles, web identity, IMDS, STS clients: about 100 KiB minified that
 * can never run in Lambda) to this module (lib/constructs/mark-function.ts);
 * everything else (npm start, the operator's scripts) keeps the full chain.
 */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);
