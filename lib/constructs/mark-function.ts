import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { MarkConfig } from '../config';
import { METRIC_SERVICE } from '@contract/metric-names';

/** The repository root: esbuild resolves entries, tsconfig and the lock file from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where one Lambda's code lives: `lambdas/handlers/<name>.ts`, exporting `handler`. */
export function handlerEntry(name: string): string {
  return `${PROJECT_ROOT}lambdas/handlers/${name}.ts`;
}

/**
 * What every function runs on. Node 22 is the runtime issue 2 prescribes; Node 24
 * exists too (cdk-nag's L1 says so, see the acknowledgement below) and is a
 * change of this one line once the code is tested on it.
 */
export const FUNCTION_RUNTIME = Runtime.NODEJS_22_X;
/** Graviton: about 20% cheaper per GB-second than x86 and as fast for this I/O-bound code. */
export const FUNCTION_ARCHITECTURE = Architecture.ARM_64;

/**
 * What a function in Lambda never runs, swapped for what it does (esbuild
 * `alias`), about 110 KiB off every bundle (README "Smaller functions"):
 *  - the SDK's default credential chain (SSO, profiles, web identity, IMDS and
 *    the STS clients behind them): in Lambda the role's credentials are in
 *    the environment, so the environment provider is the whole chain;
 *  - the SDK's event-stream support, which its HTTP protocol loads with a
 *    dynamic import and none of the APIs this app calls uses;
 *  - the DynamoDB client's endpoint-discovery cache and the LRU library under
 *    it: no DynamoDB command performs discovery;
 *  - the SDK's checksum module, of which its clients here take only SHA-256,
 *    for node:crypto's (lambdas/adapters/aws/node-sha256.ts) without the
 *    pure-JavaScript fallback.
 * Paths are relative to the project root, where esbuild runs.
 */
export const LAMBDA_ALIASES: readonly [pkg: string, file: string][] = [
  ['@aws-sdk/credential-provider-node', './lambdas/adapters/aws/lambda-credentials.ts'],
  ['@smithy/core/event-streams', './lambdas/adapters/aws/no-event-streams.ts'],
  ['@aws-sdk/endpoint-cache', './lambdas/adapters/aws/no-endpoint-cache.ts'],
  ['@smithy/core/checksum', './lambdas/adapters/aws/node-sha256.ts'],
];

/** Bundles each lazy module into `<asset>/node_modules/<name>/index.mjs` (ESM, minified) after the function's own bundle. */
function lazyModuleHooks(modules: readonly string[]): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) =>
      modules.flatMap((name) => {
        if (!/^(@[a-z0-9-]+\/)?[a-z0-9.-]+$/.test(name)) throw new Error(`not a package name: ${name}`);
        const dir = `${outputDir}/node_modules/${name}`;
        return [
          `npx --no-install esbuild ${name} --bundle --minify --format=esm --platform=node --target=node22 --main-fields=module,main --log-level=warning "--banner:js=${CREATE_REQUIRE_BANNER}" --outfile=${dir}/index.mjs`,
          `echo '{"name":"${name}","type":"module","main":"index.mjs"}' > ${dir}/package.json`,
        ];
      }),
  };
}

/**
 * Lets CommonJS-only dependencies call `require` inside the ESM bundle (esbuild
 * leaves their `require()` calls in place, and ESM has no `require`).
 */
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __markCreateRequire } from 'node:module'; const require = __markCreateRequire(import.meta.url);";

export interface MarkFunctionProps {
  /** Handler file name under lambdas/handlers, without `.ts` (e.g. `posts-api`). */
  handlerName: string;
  description: string;
  config: Pick<MarkConfig, 'logRetention' | 'logLevel'>;
  environment?: Record<string, string>;
  /**
   * 512 MB by default: Lambda gives CPU in proportion to memory, and at this size
   * cold starts of a bundled SDK stay short while a warm request costs a fraction of a cent per thousand.
   */
  memorySize?: number;
  /** 10 s by default, well inside API Gateway's 29 s integration timeout. */
  timeout?: Duration;
  /**
   * Reserved concurrency: the most invocations at once, held back for this
   * function from the account's pool (lambdas/contract/function-capacity.ts).
   * None: the function shares the account's unreserved pool.
   */
  reservedConcurrency?: number;
  /**
   * Packages loaded with `await import()` only by the rare request that needs
   * them (pdf-lib: a PDF's check): left out of the bundle, each is bundled into
   * its own minified file in the asset's node_modules, so a cold start does not
   * load it (bundle budget: test/infra/bundles.test.ts).
   */
  lazyModules?: string[];
}

/**
 * A Node.js Lambda function bundled and configured the one way Mark.0 wants:
 * ESM, minified, source-mapped, AWS SDK bundled (pinned and tree-shaken rather
 * than whatever the runtime ships), JSON logs in its own log group with a
 * retention, and the Powertools environment. Bundling runs the esbuild from
 * node_modules, so `cdk synth` needs neither Docker nor the network.
 */
export class MarkFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: MarkFunctionProps) {
    super(scope, id);

    // Logs belong to the stateless side: they go with the stack, and are kept for the configured retention while it stands.
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.config.logRetention, removalPolicy: RemovalPolicy.DESTROY });

    // An own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to
    // every log group in the account, this one only to the function's own.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.handlerName}: writes its own logs; stacks grant the rest`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: handlerEntry(props.handlerName),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: FUNCTION_ARCHITECTURE,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      ...(props.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      // Same level as Powertools: Lambda drops application logs below this level before they are billed.
      applicationLogLevelV2: ApplicationLogLevel[props.config.logLevel],
      environment: {
        // The logger's service name (the metrics' namespace and service are in the code: handlers/powertools.ts).
        POWERTOOLS_SERVICE_NAME: METRIC_SERVICE,
        POWERTOOLS_LOG_LEVEL: props.config.logLevel,
        // Stack traces point at lambdas/*.ts lines rather than the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        // The map holds mappings only, not the sources: a smaller asset, and no source text shipped.
        sourcesContent: false,
        // Prefer packages' ESM builds, which esbuild can tree-shake.
        mainFields: ['module', 'main'],
        // Bundle everything, the AWS SDK v3 included (the default would leave @aws-sdk/* to the runtime's copy), but the lazy modules.
        externalModules: props.lazyModules ?? [],
        banner: CREATE_REQUIRE_BANNER,
        esbuildArgs: { '--alias': LAMBDA_ALIASES.map(([pkg, file]) => `${pkg}=${file}`) },
        ...(props.lazyModules?.length ? { commandHooks: lazyModuleHooks(props.lazyModules) } : {}),
      },
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime the foundation issue (#2) prescribes, an LTS line the Node.js project maintains until April 2027. ' +
        'Moving to Node.js 24 is the one FUNCTION_RUNTIME constant in lib/constructs/mark-function.ts, once the suite has run on it.',
    });
  }
}
