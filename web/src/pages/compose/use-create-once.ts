import { useRef } from 'react';
import { ulid } from 'ulid';
import type { MarkApi, Post, PostExtras } from '../../api/mark-api';

/**
 * Creates a post under an id made for what it holds: pressed again after an answer that never came
 * (a slow or broken network), the same text makes no second draft, the API gives back the one the
 * first press made. Other text gets a new id.
 */
export function useCreateOnce(api: Pick<MarkApi, 'createPost'>): (content: string, extras?: PostExtras) => Promise<Post> {
  const made = useRef<{ key: string; id: string }>(undefined);
  return (content, extras) => {
    const key = JSON.stringify([content, extras ?? null]);
    if (made.current?.key !== key) made.current = { key, id: ulid() };
    return api.createPost(content, { ...extras, id: made.current.id });
  };
}
