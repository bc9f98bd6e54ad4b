import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { MarkConfig } from './config';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { PublishingStack } from './stacks/publishing-stack';

export interface MarkStacks {
  data: DataStack;
  publishing: PublishingStack;
  api: ApiStack;
}

/**
 * The whole deployment: a stateful data stack, and on top of it the
 * stateless publishing stack (schedules, queue, publisher) and API stack. bin/app.ts and the infra tests build the app through here, so the
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
  const publishing = new PublishingStack(app, `${config.stackPrefix}-Publishing`, {
    config,
    description: `Mark.0 ${config.stage}: schedules, publish queue, publisher, reconciler and event bus (stateless)`,
    tags,
    table: data.table,
    tokenKey: data.tokenKey,
  });
  const api = new ApiStack(app, `${config.stackPrefix}-Api`, {
    config,
    description: `Mark.0 ${config.stage}: REST API, authorizer and API functions (stateless)`,
    tags,
    table: data.table,
    appSecret: data.appSecret,
    tokenIssuer: { issuer: data.users.userPool.userPoolProviderUrl, audience: data.users.webClient.userPoolClientId },
    tokenKey: data.tokenKey,
    publishing,
  });
  return { data, publishing, api };
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
