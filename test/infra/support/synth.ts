import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Template } from 'aws-cdk-lib/assertions';
import { readConfig, type MarkConfig } from '../../../lib/config';
import { buildMarkApp, type MarkStacks } from '../../../lib/mark-app';

/** cdk.json's context (feature flags and defaults), so tests synthesize what `cdk synth` does. */
export const CDK_JSON_CONTEXT = (JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> })
  .context;

/** A small stand-in for web/dist, so the tests need no web build. */
export const WEB_DIST_FIXTURE = fileURLToPath(new URL('../fixtures/web-dist', import.meta.url));

/** Skips esbuild for every stack: assertion tests look at templates, not bundles, and stay fast. */
export const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

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

/** Builds the app exactly as bin/app.ts does, with cdk.json's context plus `context` on top. */
export function buildApp(context: Record<string, unknown> = {}, options: BuildOptions = {}): { app: App; config: MarkConfig; stacks: MarkStacks } {
  const app = new App({
    context: { ...CDK_JSON_CONTEXT, ...SKIP_BUNDLING, ...context },
    outdir: options.outdir,
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
  });
  // No CLI here: the region is the context's or the fallback, never the machine's AWS profile.
  const config = readConfig(app.node, {});
  return { app, config, stacks: buildMarkApp(app, config, { webDist: WEB_DIST_FIXTURE }) };
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
