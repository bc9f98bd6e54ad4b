/**
 * THE DEPENDENCY RULE of Mark.0, stated once, here, where `npm run lint` enforces it
 * (dependency-cruiser over bin/, lib/, lambdas/, web/src/ and test/; type-only imports count).
 *
 *   lambdas/contract   what several processes agree on (web app, CDK, local runtime, handlers):
 *                      API views and error body, routes, tiers, limits, gateway settings,
 *                      metric names, table definition, environment variable names.
 *                      Imports nothing outside itself and no package.
 *   lambdas/core       the pure domain and its ports (core/ports/: what the use cases need).
 *                      Imports only core, contract, and the pure packages zod/mini and ulid.
 *   lambdas/adapters   implement core ports over SDKs and HTTP. Never import handlers or wiring.
 *   lambdas/handlers   thin: parse → call core → map result. Never import adapters; they import
 *                      their composition root (lambdas/wiring/aws/*) and build it on the first
 *                      invocation (a dynamic import() would cost ~60 KiB of bundle: esbuild
 *                      cannot tree-shake what it loads).
 *   lambdas/wiring     composition roots: aws/ (Lambda) and local/ (npm start), side by side.
 *   lambdas/**         never import bin/, lib/ or web/.
 *   web/               imports from lambdas/ only the contract (@contract/*).
 *   lib/ (CDK)         imports from lambdas/ only pure data: the contract, and core's settings.
 *   everywhere         no import cycles.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle (type-only imports included) makes the layers meaningless: break it by moving the shared type down.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contract-is-a-leaf',
      severity: 'error',
      comment: 'lambdas/contract is shared by the browser, CDK and Lambda: it imports nothing outside itself.',
      from: { path: '^lambdas/contract/' },
      to: { pathNot: '^lambdas/contract/' },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'lambdas/core imports only core, the contract, zod/mini and ulid: no SDK, no I/O, no adapters.',
      from: { path: '^lambdas/core/' },
      to: { pathNot: ['^lambdas/core/', '^lambdas/contract/', '^node_modules/zod/', '^node_modules/ulid/'] },
    },
    {
      name: 'adapters-implement-ports',
      severity: 'error',
      comment: 'Adapters depend on core ports, the contract and SDKs, never on handlers or composition roots.',
      from: { path: '^lambdas/adapters/' },
      to: { path: ['^lambdas/handlers/', '^lambdas/wiring/'] },
    },
    {
      name: 'handlers-never-reach-adapters',
      severity: 'error',
      comment: 'Handlers get their adapters from a composition root (lambdas/wiring), built on the first invocation.',
      from: { path: '^lambdas/handlers/' },
      to: { path: '^lambdas/adapters/' },
    },
    {
      name: 'lambdas-stand-alone',
      severity: 'error',
      comment: 'Lambda code is bundled on its own: it never imports the CDK app, the local runtime or the web app.',
      from: { path: '^lambdas/' },
      to: { path: ['^bin/', '^lib/', '^web/', '^node_modules/aws-cdk-lib/'] },
    },
    {
      name: 'web-speaks-the-contract',
      severity: 'error',
      comment: 'The web app imports from lambdas/ only the contract (@contract/*).',
      from: { path: '^web/' },
      to: { path: ['^lambdas/', '^lib/', '^bin/', '^test/'], pathNot: '^lambdas/contract/' },
    },
    {
      name: 'cdk-reads-pure-data',
      severity: 'error',
      comment: 'CDK (lib/) may read the contract and core settings, never adapters, handlers or wiring.',
      from: { path: '^lib/' },
      to: { path: ['^lambdas/adapters/', '^lambdas/handlers/', '^lambdas/wiring/', '^bin/'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules', '^cdk\\.out', '^web/dist', '^\\.mark0'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
