import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_SECRET_KEYS, ENV } from '../../lib/function-environment';

const LAMBDAS = new URL('../../lambdas/', import.meta.url).pathname;
const lambdaSources = readdirSync(LAMBDAS, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => readFileSync(join(LAMBDAS, file), 'utf8'))
  .join('\n');

describe('the environment contract between CDK and the Lambda code', () => {
  it.each(Object.values(ENV))('the Lambda code reads %s, which the stacks set', (name) => {
    expect(lambdaSources).toContain(`'${name}'`);
  });

  it('the Lambda code reads the generated cursor key from the app secret', () => {
    expect(lambdaSources).toContain(`'${APP_SECRET_KEYS.generated}'`);
  });
});
