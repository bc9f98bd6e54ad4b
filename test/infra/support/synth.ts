import { fileURLToPath } from 'node:url';
import { CfnElement, Stack, type App } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Template } from 'aws-cdk-lib/assertions';
import type { MarkConfig } from '../../../lib/config';
import { buildAppInProcess } from '../../../lib/in-process-app';
import type { MarkStacks } from '../../../lib/mark-app';

export { CDK_JSON_CONTEXT, SKIP_BUNDLING } from '../../../lib/in-process-app';

/** A small stand-in for web/dist, so the tests need no web build. */
export const WEB_DIST_FIXTURE = fileURLToPath(new URL('../fixtures/web-dist', import.meta.url));

export interface SynthesizedApp {
  app: App;
  config: MarkConfig;
  stacks: MarkStacks;
  data: Template;
  publishing: Template;
  api: Template;
  edge: Template;
  web: Template;
  site: Template;
  monitoring: Template;
  /** Absent on a throwaway stage (retainData=false). */
  backup?: Template;
}

export interface BuildOptions {
  outdir?: string;
  /**
   * CDK's built-in CloudFormation template validation (on in `cdk synth`). It
   * costs seconds per test file and says nothing about the assertions, so only
   * the compliance test turns it on.
   */
  cloudFormationValidation?: boolean;
}

/** Builds the app exactly as bin/app.ts does, with cdk.json's context plus `context` on top, and a stand-in web build. */
export function buildApp(context: Record<string, unknown> = {}, options: BuildOptions = {}): { app: App; config: MarkConfig; stacks: MarkStacks } {
  return buildAppInProcess({ ...options, context, webDist: WEB_DIST_FIXTURE });
}

export function synthApp(context: Record<string, unknown> = {}): SynthesizedApp {
  const built = buildApp(context);
  const { stacks } = built;
  return {
    ...built,
    data: Template.fromStack(stacks.data),
    publishing: Template.fromStack(stacks.publishing),
    api: Template.fromStack(stacks.api),
    edge: Template.fromStack(stacks.edge),
    web: Template.fromStack(stacks.web),
    site: Template.fromStack(stacks.site),
    monitoring: Template.fromStack(stacks.monitoring),
    ...(stacks.backup ? { backup: Template.fromStack(stacks.backup) } : {}),
  };
}

/** The logical id in its template of a construct's CloudFormation resource (an L2's default child, or an L1). */
export function logicalId(construct: IConstruct): string {
  const element = (CfnElement.isCfnElement(construct) ? construct : construct.node.defaultChild) as CfnElement | undefined;
  if (!element) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(element).resolve(element.logicalId) as string;
}
