import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { MarkConfig } from './config';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { EDGE_REGION, EdgeStack } from './stacks/edge-stack';
import { SiteStack } from './stacks/site-stack';
import { WebStack } from './stacks/web-stack';

export interface MarkStacks {
  data: DataStack;
  edge: EdgeStack;
  web: WebStack;
  api: ApiStack;
  site: SiteStack;
}

export interface MarkAppOptions {
  /** The built web app (web/dist) the site stack uploads; bin/app.ts builds it first. */
  webDist: string;
}

/**
 * The whole deployment, in dependency order:
 *
 *   data (stateful: table, keys, user pool, app secret)
 *   edge (us-east-1: the CloudFront WAF web ACL)
 *   web  (bucket + CloudFront; needs no app stack)
 *   api  (gets the web origin: CORS, LinkedIn return URLs, the Cognito web client)
 *   site (the built app and its config.json, made from the api and data outputs)
 *
 * The web origin flows into the API and the API URL into the site, never back,
 * so there is no cycle. bin/app.ts and the infra tests build the app through
 * here, so the tests check exactly what `cdk deploy` ships.
 *
 * Every stack has an explicit region (the edge stack us-east-1, the others
 * `config.region`) because the edge-to-web reference crosses regions; the
 * account stays the CLI's.
 */
export function buildMarkApp(app: App, config: MarkConfig, options: MarkAppOptions): MarkStacks {
  const tags = { app: 'mark0', stage: config.stage };
  const env = { region: config.region };
  const name = (stack: string) => `${config.stackPrefix}-${stack}`;

  const data = new DataStack(app, name('Data'), {
    config,
    env,
    description: `Mark.0 ${config.stage}: table, user pool, keys and secrets (stateful, retained)`,
    tags,
  });
  const edge = new EdgeStack(app, name('Edge'), {
    config,
    env: { region: EDGE_REGION },
    description: `Mark.0 ${config.stage}: the web app's AWS WAF web ACL (CloudFront requires us-east-1)`,
    tags,
  });
  const web = new WebStack(app, name('Web'), {
    config,
    env,
    description: `Mark.0 ${config.stage}: web hosting (private S3 bucket, CloudFront, security headers, access logs)`,
    tags,
    webAclArn: edge.webAcl.attrArn,
    authOrigin: data.users.hostedUiUrl,
  });
  const api = new ApiStack(app, name('Api'), {
    config,
    env,
    description: `Mark.0 ${config.stage}: REST API, authorizer, API functions and the web app's Cognito client (stateless)`,
    tags,
    table: data.table,
    appSecret: data.appSecret,
    userPool: data.users.userPool,
    webOrigin: web.origin,
  });
  const site = new SiteStack(app, name('Site'), {
    config,
    env,
    description: `Mark.0 ${config.stage}: the built web app and its runtime config.json`,
    tags,
    webDist: options.webDist,
    webOrigin: web.origin,
    apiOrigin: api.apiOrigin,
    apiUrl: api.restApi.api.url,
    auth: { domain: data.users.hostedUiUrl, clientId: api.webClient.client.userPoolClientId },
  });
  return { data, edge, web, api, site };
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
