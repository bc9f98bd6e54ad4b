import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

/** Time-sortable unique id (ULID): lexical order is creation order, even within one millisecond. */
export function newId(at: Date): string {
  return nextUlid(at.getTime());
}
