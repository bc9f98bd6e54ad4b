import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { MarkConfig } from './config';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';

export interface MarkStacks {
  data: DataStack;
  api: ApiStack;
}

/**
 * The whole deployment: a stateful data stack and a stateless API stack on
 * top of it. bin/app.ts and the infra tests build the app through here, so the
 * tests check exactly what `cdk deploy` ships.
 *
 * Stacks are environment-agnostic: they deploy to the account and region of
 * the CLI's credentials, and synth needs none.
 */
export function buildMarkApp(app: App, config: MarkConfig): MarkStacks {
  const tags = { app: 'mark0', stage: config.stage };
  const data = new DataStack(app, `${config.stackPrefix}-Data`, {
    config,
    description: `Mark.0 ${config.stage}: table, user pool, keys and secrets (stateful, retained)`,
    tags,
  });
  const api = new ApiStack(app, `${config.stackPrefix}-Api`, {
    config,
    description: `Mark.0 ${config.stage}: REST API, authorizer and API functions (stateless)`,
    tags,
    table: data.table,
    appSecret: data.appSecret,
    tokenIssuer: { issuer: data.users.userPool.userPoolProviderUrl, audience: data.users.webClient.userPoolClientId },
  });
  return { data, api };
}

/**
 * Runs cdk-nag's AWS Solutions rules at synthesis (a CDK validation plugin):
 * an unacknowledged error fails the synth; warnings are printed. Every
 * acknowledgement sits next to the resource it concerns, with its reason.
 */
export function addComplianceChecks(app: App): AwsSolutionsChecks {
  const checks = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(checks);
  return checks;
}
