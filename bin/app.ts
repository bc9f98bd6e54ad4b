import { resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { readConfig } from '../lib/config';
import { addComplianceChecks, buildMarkApp } from '../lib/mark-app';
import { buildWeb, isWebBuildCurrent } from './runtime/build-web';

/**
 * The CDK app (`npx cdk synth`, `npx cdk deploy --all`). Configuration comes
 * from cdk.json's context, overridable per command: `-c stage=prod -c region=eu-west-1`.
 *
 * The site stack uploads web/dist, so the web app is built first — unless
 * web/dist is already newer than everything it is made from, in which case
 * the build is reused (a synth stays offline and takes seconds). Progress goes
 * to stderr: stdout belongs to the CDK CLI.
 */
const root = resolve(import.meta.dirname, '..');
const webDist = resolve(root, 'web', 'dist');
if (!isWebBuildCurrent(root, webDist)) await buildWeb(root, webDist, (line) => console.error(line));

const app = new App();
buildMarkApp(app, readConfig(app.node), { webDist });
addComplianceChecks(app);
app.synth();
