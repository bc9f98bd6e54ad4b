import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB's own typed JSON ("DynamoDB JSON", as in its S3 exports), with
 * binary values as base64. Lossless: numbers stay the exact decimal strings
 * DynamoDB stores (no float rounding), sets stay sets, binary stays binary.
 */
export type JsonAttribute =
  | { S: string }
  | { N: string }
  | { B: string }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { M: Record<string, JsonAttribute> }
  | { L: JsonAttribute[] }
  | { NULL: true }
  | { BOOL: boolean };
export type JsonItem = Record<string, JsonAttribute>;

export function toJsonItem(item: Record<string, AttributeValue>): JsonItem {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, toJson(value)]));
}

export function fromJsonItem(item: JsonItem): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, fromJson(value)]));
}

function toJson(value: AttributeValue): JsonAttribute {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.M !== undefined) return { M: toJsonItem(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toJson) };
  if (value.NULL !== undefined) return { NULL: true };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  throw new Error(`Unsupported attribute value ${JSON.stringify(Object.keys(value))}`);
}

function fromJson(value: JsonAttribute): AttributeValue {
  if ('S' in value) return { S: value.S };
  if ('N' in value) return { N: value.N };
  if ('B' in value) return { B: Buffer.from(value.B, 'base64') };
  if ('SS' in value) return { SS: value.SS };
  if ('NS' in value) return { NS: value.NS };
  if ('BS' in value) return { BS: value.BS.map((b) => Buffer.from(b, 'base64')) };
  if ('M' in value) return { M: fromJsonItem(value.M) };
  if ('L' in value) return { L: value.L.map(fromJson) };
  if ('NULL' in value) return { NULL: true };
  if ('BOOL' in value) return { BOOL: value.BOOL };
  throw new Error(`Unsupported attribute in backup file: ${JSON.stringify(value)}`);
}
