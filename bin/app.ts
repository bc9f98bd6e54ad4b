import { App } from 'aws-cdk-lib';
import { readConfig } from '../lib/config';
import { addComplianceChecks, buildMarkApp } from '../lib/mark-app';

/**
 * The CDK app (`npx cdk synth`, `npx cdk deploy --all`). Configuration comes
 * from cdk.json's context, overridable per command: `-c stage=prod -c webOrigin=https://app.example.com`.
 */
const app = new App();
buildMarkApp(app, readConfig(app.node));
addComplianceChecks(app);
app.synth();
