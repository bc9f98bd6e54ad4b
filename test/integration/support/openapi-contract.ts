import { appendFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { matchRoute } from '@contract/routes';

/**
 * docs/openapi.yaml as the integration tests' referee: every answer the test client receives
 * from a route of the contract is checked against the document — its status is documented for
 * that operation, its JSON body matches the schema, and the headers the document names are sent —
 * so the document cannot drift from the handlers. Answers the gateway gives before any route
 * (unknown paths, CORS preflights) and the runtime's own pages (/local/*) are not API operations.
 */
type Json = Record<string, any>;
const doc = parse(readFileSync(resolve(import.meta.dirname, '../../../docs/openapi.yaml'), 'utf8')) as Json;
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, validateFormats: false });
ajv.addSchema({ ...(withNullables(doc) as Json), $id: 'openapi' });
const compiled = new Map<string, ValidateFunction>();

/**
 * OpenAPI 3.0's `nullable: true` means "null is a value too", whatever else the schema says
 * (`{ nullable: true, allOf: [{ $ref: Poll }] }` is how the document says "a Poll or null"); JSON
 * Schema has no such keyword, so each nullable schema becomes `anyOf: [null, the schema]`.
 */
function withNullables(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNullables);
  if (!node || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, withNullables(value)])) as Json;
  if (copy['nullable'] !== true) return copy;
  const { nullable: _, ...rest } = copy;
  return { anyOf: [{ type: 'null' }, rest] };
}

function pointer(...segments: string[]): string {
  return segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function deref(value: Json): { value: Json; path: string[] } | undefined {
  const ref = value['$ref'] as string | undefined;
  if (!ref) return undefined;
  const path = ref.replace(/^#\//, '').split('/');
  return { value: path.reduce((node: Json, key) => node?.[key], doc), path };
}

/** The problems of one answer against the document ([] when it conforms). */
export function contractProblems(method: string, url: string, status: number, headers: Headers, body: unknown): string[] {
  const { pathname } = new URL(url, 'http://127.0.0.1');
  const { match } = matchRoute(method, pathname);
  if (!match) return [];
  const operation = doc['paths']?.[match.route.path]?.[method.toLowerCase()] as Json | undefined;
  if (!operation) return [`${method} ${match.route.path} is not in docs/openapi.yaml`];
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => operation['responses']?.[k]);
  if (!key) return [`${method} ${match.route.path} answered ${status}, which docs/openapi.yaml does not document (it has ${Object.keys(operation['responses'] ?? {}).join(', ')})`];
  let response = operation['responses'][key] as Json;
  let path = ['paths', match.route.path, method.toLowerCase(), 'responses', key];
  const resolved = deref(response);
  if (resolved) ({ value: response, path } = resolved);
  const problems: string[] = [];
  for (const name of Object.keys(response['headers'] ?? {})) {
    if (!headers.has(name)) problems.push(`${method} ${match.route.path} ${status}: header ${name} is documented but was not sent`);
  }
  const schema = response['content']?.['application/json']?.['schema'];
  if (!schema) {
    if (body !== null && body !== '' && body !== undefined && !response['content']) problems.push(`${method} ${match.route.path} ${status}: a body was sent, the document says none`);
    return problems;
  }
  const id = `openapi#/${pointer(...path, 'content', 'application/json', 'schema')}`;
  let validate = compiled.get(id);
  if (!validate) compiled.set(id, (validate = ajv.compile({ $ref: id })));
  if (!validate(body)) problems.push(`${method} ${match.route.path} ${status}: the body does not match the document: ${ajv.errorsText(validate.errors)} — body ${JSON.stringify(body).slice(0, 300)}`);
  return problems;
}

/**
 * The hook the integration test client calls on every answer: a mismatch fails the test that got
 * it, naming what differs. CONTRACT_REPORT=<file> instead appends each mismatch to the file (to
 * survey them all at once).
 */
export function checkContract(method: string, url: string, status: number, headers: Headers, body: unknown): void {
  const problems = contractProblems(method, url, status, headers, body);
  if (problems.length === 0) return;
  const report = process.env['CONTRACT_REPORT'];
  if (report) appendFileSync(report, `${problems.join('\n')}\n`);
  else throw new Error(`The answer differs from docs/openapi.yaml:\n${problems.join('\n')}`);
}
