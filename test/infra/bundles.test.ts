import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, logicalId } from './support/synth';

/**
 * The one infra test that runs esbuild: it bundles the API stack's functions
 * the way `cdk synth` does and checks what would be uploaded to Lambda.
 */
const outdir = mkdtempSync(join(tmpdir(), 'mark0-bundles-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

// Bundle the stacks with code (the data stack has none): the default stage's stack names.
const { app, stacks } = buildApp({ 'aws:cdk:bundling-stacks': ['Mark0-dev-Api', 'Mark0-dev-Publishing'] }, { outdir });
const assembly = app.synth();
const templates = { api: Template.fromStack(stacks.api), publishing: Template.fromStack(stacks.publishing) };
const functions = [
  ...Object.entries(stacks.api.functions).map(([name, fn]) => ({ name, fn, stack: 'api' as const })),
  { name: 'authorizer', fn: stacks.api.authorizerFunction, stack: 'api' as const },
  { name: 'account-deletion', fn: stacks.api.accountDeletion.worker, stack: 'api' as const },
  { name: 'publisher', fn: stacks.publishing.publisherFunction, stack: 'publishing' as const },
  { name: 'reconciler', fn: stacks.publishing.reconcilerFunction, stack: 'publishing' as const },
  { name: 'linkedin-version', fn: stacks.publishing.linkedinVersionFunction, stack: 'publishing' as const },
].map(({ name, fn, stack }) => {
  const code = (templates[stack].toJSON()['Resources'][logicalId(fn.function)] as { Properties: { Code: { S3Key: string } } }).Properties.Code;
  return { name, bundle: join(assembly.directory, `asset.${code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs') };
});

/** A bundle far above this has picked up something it should not have (today's largest, the publisher, is about 0.65 MB). */
const MAX_BUNDLE_BYTES = 1.5 * 1024 * 1024;

describe('the Lambda bundles', () => {
  it.each(functions)('$name is one minified ESM file with a source map, within the size budget', ({ bundle }) => {
    const code = readFileSync(bundle, 'utf8');
    expect(code.startsWith("import { createRequire as __markCreateRequire } from 'node:module';")).toBe(true);
    expect(code).toContain('//# sourceMappingURL=index.mjs.map');
    expect(statSync(`${bundle}.map`).isFile()).toBe(true);
    expect(statSync(bundle).size).toBeLessThan(MAX_BUNDLE_BYTES);
    // The AWS SDK is bundled, not left to the runtime's copy.
    expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
  });

  it('carry only the AWS SDK clients their function uses (an SDK client cannot be tree-shaken out once imported)', () => {
    // A marker string each client's code carries: its service's wire name.
    const clients = { kms: 'TrentService', scheduler: 'CreateSchedule', sqs: 'AmazonSQS', eventbridge: 'AWSEvents', s3: 'AmazonS3', cognito: 'AWSCognitoIdentityProviderService' };
    const expected: Record<string, string[]> = {
      health: [],
      account: ['sqs'],
      export: [],
      'account-deletion': ['scheduler', 'sqs', 's3', 'cognito'],
      authorizer: [],
      posts: ['scheduler', 'sqs', 's3'],
      // The queue: a reconnect releases the user's waiting posts through it.
      linkedin: ['kms', 'sqs'],
      // Evergreen runs schedule their next run and queue the reworded draft (core/queue/evergreen.ts).
      publisher: ['kms', 'scheduler', 'sqs', 'eventbridge', 's3'],
      reconciler: ['sqs'],
      'linkedin-version': [],
      ai: [],
      media: ['s3'],
    };
    for (const { name, bundle } of functions) {
      const code = readFileSync(bundle, 'utf8');
      const found = Object.entries(clients).filter(([, marker]) => code.includes(marker)).map(([client]) => client);
      expect(found, name).toEqual(expected[name]);
    }
  });

  it('load in Node as ES modules and export `handler`, without doing any work at import', () => {
    const script = `
      const paths = JSON.parse(process.argv[1]);
      for (const path of paths) {
        const module = await import(path);
        if (typeof module.handler !== 'function') throw new Error(path + ' exports no handler');
      }`;
    const env = { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' };
    expect(() =>
      execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(functions.map((f) => f.bundle))], { env, stdio: 'pipe' }),
    ).not.toThrow();
  });
});
