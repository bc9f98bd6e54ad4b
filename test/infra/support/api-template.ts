import type { Template } from 'aws-cdk-lib/assertions';

type Resource = { Type: string; Properties: Record<string, unknown> };

export interface SynthesizedMethod {
  logicalId: string;
  /** `GET /v1/posts/{id}`, rebuilt from the resource tree. */
  key: string;
  properties: Record<string, unknown>;
}

/** Every API Gateway method of the template, named by its HTTP method and full resource path. */
export function apiMethods(template: Template): SynthesizedMethod[] {
  const resources = template.findResources('AWS::ApiGateway::Resource') as Record<string, Resource>;
  const pathOf = (ref: unknown): string => {
    const id = (ref as { Ref?: string }).Ref;
    if (!id) return ''; // Fn::GetAtt RootResourceId: the root
    const resource = resources[id];
    if (!resource) throw new Error(`No resource ${id}`);
    return `${pathOf(resource.Properties['ParentId'])}/${String(resource.Properties['PathPart'])}`;
  };
  return Object.entries(template.findResources('AWS::ApiGateway::Method') as Record<string, Resource>).map(([logicalId, method]) => ({
    logicalId,
    key: `${String(method.Properties['HttpMethod'])} ${pathOf(method.Properties['ResourceId']) || '/'}`,
    properties: method.Properties,
  }));
}

/**
 * What a `Fn::GetStackOutput` in the consumer template reads: the value of that
 * output in the producer's template (cross-stack references are weak, see cdk.json).
 */
export function crossStackValue(consumerValue: unknown, producer: Template): unknown {
  const ref = (consumerValue as { 'Fn::GetStackOutput'?: { OutputName: string } })['Fn::GetStackOutput'];
  if (!ref) throw new Error(`Not a cross-stack reference: ${JSON.stringify(consumerValue)}`);
  const output = (producer.toJSON()['Outputs'] as Record<string, { Value: unknown }>)[ref.OutputName];
  if (!output) throw new Error(`The producer has no output ${ref.OutputName}`);
  return output.Value;
}

/** The statements of the default policy of the role with this logical id. */
export function roleStatements(template: Template, roleLogicalId: string): { Action: string | string[]; Resource: unknown }[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>).filter((policy) =>
    (policy.Properties['Roles'] as { Ref: string }[]).some((role) => role.Ref === roleLogicalId),
  );
  return policies.flatMap((policy) => (policy.Properties['PolicyDocument'] as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
}

export function actionsOf(statements: { Action: string | string[] }[]): string[] {
  return [...new Set(statements.flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action])))].sort();
}

/**
 * The web origin as another stack receives it: `https://` joined to the web
 * stack's distribution domain (a weak cross-stack reference). Returns the
 * producer-side value of the domain, so a test can check it is the distribution's.
 */
export function webOriginSource(consumerValue: unknown, web: Template): unknown {
  const join = (consumerValue as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join || join[0] !== '' || join[1].length !== 2 || join[1][0] !== 'https://') throw new Error(`Not https:// + a reference: ${JSON.stringify(consumerValue)}`);
  return crossStackValue(join[1][1], web);
}
