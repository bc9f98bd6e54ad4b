import type { TakenChange, TakenInstants } from '../../core/ports/queue-store';
import { ENTITY, TAKEN_ATTRIBUTES, keys } from './keys';

/**
 * The taken-instants item (`USER#<uid>` / `TAKEN`): one attribute per instant at which a
 * scheduled post of the user is due, `@<ISO instant>`, a string set of the ids of the posts
 * due then (DynamoDB drops a set's attribute when its last id goes), with `complete` and a
 * `revision`. The post store moves a post's id in the transaction of the post's write
 * (takenMove), so the item always says what the posts say.
 */
const { complete: COMPLETE, revision: REVISION, instantPrefix } = TAKEN_ATTRIBUTES;

function takenKey(userId: string) {
  return { PK: keys.user(userId), SK: keys.takenSk };
}

/** The item of a user who has no posts yet (with their profile): complete, nothing taken. */
export function emptyTakenItem(userId: string): Record<string, unknown> {
  return { ...takenKey(userId), type: ENTITY.taken, [COMPLETE]: true, [REVISION]: 0 };
}

/** A post's move between the taken instants, for the post's transaction; `mustBeFreeAt` when its condition is that instant free. */
export interface TakenMove {
  write: Record<string, unknown>;
  mustBeFreeAt?: string;
}

/**
 * The update that moves `postId` from the instant it was due at (`was`, null: it was not
 * scheduled) to the one it is due at now (`now`, null: it no longer is), in the transaction
 * of the post's write; none when the instant stays. `mustBeFree`: only if no post is due at
 * `now` yet (a condition failure: InstantTakenError for the caller).
 */
export function takenMove(tableName: string, userId: string, postId: string, was: string | null, now: string | null, mustBeFree = false): TakenMove | undefined {
  if (was === now) return undefined;
  const names: Record<string, string> = { '#type': 'type', '#revision': REVISION };
  const values: Record<string, unknown> = { ':post': new Set([postId]), ':one': 1, ':type': ENTITY.taken };
  const add = ['#revision :one'];
  if (now) {
    names['#now'] = instantPrefix + now;
    add.push('#now :post');
  }
  if (was) names['#was'] = instantPrefix + was;
  const mustBeFreeAt = mustBeFree && now ? now : undefined;
  const write = {
    Update: {
      TableName: tableName,
      Key: takenKey(userId),
      UpdateExpression: `SET #type = :type ADD ${add.join(', ')}${was ? ' DELETE #was :post' : ''}`,
      ...(mustBeFreeAt ? { ConditionExpression: 'attribute_not_exists(#now)' } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
  return mustBeFreeAt ? { write, mustBeFreeAt } : { write };
}

/** The update that sets each changed instant's posts (a move within the queue), if each still holds the posts expected. */
export function takenChanges(tableName: string, userId: string, changes: TakenChange[]) {
  const names: Record<string, string> = { '#revision': REVISION };
  const values: Record<string, unknown> = { ':one': 1 };
  const set: string[] = [];
  const remove: string[] = [];
  const conditions: string[] = [];
  changes.forEach((change, i) => {
    names[`#i${i}`] = instantPrefix + change.at;
    if (change.expected.length === 0) conditions.push(`attribute_not_exists(#i${i})`);
    else {
      values[`:e${i}`] = new Set(change.expected);
      conditions.push(`#i${i} = :e${i}`);
    }
    if (change.next.length === 0) remove.push(`#i${i}`);
    else {
      values[`:n${i}`] = new Set(change.next);
      set.push(`#i${i} = :n${i}`);
    }
  });
  return {
    Update: {
      TableName: tableName,
      Key: takenKey(userId),
      UpdateExpression: `${set.length > 0 ? `SET ${set.join(', ')} ` : ''}${remove.length > 0 ? `REMOVE ${remove.join(', ')} ` : ''}ADD #revision :one`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The whole item, built from the user's scheduled posts, if it is still at `revision` (none stored: 0). */
export function builtTakenPut(tableName: string, userId: string, revision: number, posts: Map<string, string[]>) {
  const item: Record<string, unknown> = { ...emptyTakenItem(userId), [REVISION]: revision + 1 };
  for (const [at, ids] of posts) item[instantPrefix + at] = new Set(ids);
  return {
    TableName: tableName,
    Item: item,
    ConditionExpression: 'attribute_not_exists(#revision) OR #revision = :revision',
    ExpressionAttributeNames: { '#revision': REVISION },
    ExpressionAttributeValues: { ':revision': revision },
  };
}

/** The stored item as the queue sees it; no item at all: an account made before the item was kept (incomplete). */
export function fromTakenItem(item: Record<string, unknown> | undefined): TakenInstants {
  const posts = new Map<string, string[]>();
  for (const [name, value] of Object.entries(item ?? {})) {
    if (name.startsWith(instantPrefix) && value instanceof Set) posts.set(name.slice(instantPrefix.length), [...(value as Set<string>)].sort());
  }
  return { complete: item?.[COMPLETE] === true, revision: typeof item?.[REVISION] === 'number' ? (item[REVISION] as number) : 0, posts };
}
