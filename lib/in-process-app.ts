import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { readConfig, type MarkConfig } from './config';
import { buildMarkApp, type MarkStacks } from './mark-app';

/** cdk.json's context (feature flags and defaults), so an in-process build is what `cdk synth` builds. */
export const CDK_JSON_CONTEXT = (JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }).context;

/** Skips esbuild for every stack: readers of templates need no bundles, and stay fast. */
export const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

export interface InProcessOptions {
  /** The web build the site stack uploads (a directory that exists). */
  webDist: string;
  /** Context on top of cdk.json's. */
  context?: Record<string, unknown>;
  outdir?: string;
  /** CDK's built-in CloudFormation template validation (on in `cdk synth`); it costs seconds, so off unless asked. */
  cloudFormationValidation?: boolean;
}

/**
 * The app exactly as bin/app.ts builds it, in this process and without bundling:
 * for the assertion tests and for scripts that read the templates (bench:cost).
 * No CLI here, so the region is the context's or the fallback, never the machine's AWS profile.
 */
export function buildAppInProcess(options: InProcessOptions): { app: App; config: MarkConfig; stacks: MarkStacks } {
  const app = new App({
    context: { ...CDK_JSON_CONTEXT, ...SKIP_BUNDLING, ...options.context },
    outdir: options.outdir,
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
  });
  const config = readConfig(app.node, {});
  return { app, config, stacks: buildMarkApp(app, config, { webDist: options.webDist }) };
}
