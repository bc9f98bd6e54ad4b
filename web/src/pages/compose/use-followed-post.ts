import { useEffect, useState } from 'react';
import { useAccount } from '../../account/account-context';
import { ApiError } from '../../api/api-error';
import type { Post } from '../../api/mark-api';

/** How often a post on its way is read again (GET /v1/posts/{id}): a few seconds, as publishing takes. */
export const FOLLOW_INTERVAL_MS = 3000;
/** After this long still on its way (a long video, LinkedIn down), the composer stops asking and points to Posts. */
export const FOLLOW_FOR_MS = 10 * 60_000;

/** Still moving: due now (publish now makes it scheduled at this second) or being published. */
export function onItsWay(post: Post): boolean {
  return post.status === 'scheduled' || post.status === 'publishing';
}

export interface FollowedPost {
  post: Post;
  /** Deleted meanwhile (404). */
  gone: boolean;
  /** Still on its way after FOLLOW_FOR_MS: no longer followed. */
  gaveUp: boolean;
  /** After a Retry: the post as the API answered, followed again. */
  restart(post: Post): void;
}

/**
 * Follows a post just sent (publish now) until it settles: reads it again
 * every FOLLOW_INTERVAL_MS while it is scheduled or publishing, and stops
 * once it is published, failed, waiting or anything else, when it is gone,
 * after FOLLOW_FOR_MS, or when the component unmounts. A failed read (no
 * network, a timeout) is tried again at the next turn. Once it settles the
 * account is read again, so the counts beside Posts follow.
 */
export function useFollowedPost(first: Post): FollowedPost {
  const { api, reloadMe } = useAccount();
  const [post, setPost] = useState(first);
  const [gone, setGone] = useState(false);
  const [gaveUp, setGaveUp] = useState(false);
  // Bumped by a Retry: the following starts again.
  const [round, setRound] = useState(0);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const until = Date.now() + FOLLOW_FOR_MS;
    const next = () => {
      if (Date.now() >= until) setGaveUp(true);
      else timer = setTimeout(() => void read(), FOLLOW_INTERVAL_MS);
    };
    async function read() {
      try {
        const latest = await api.getPost(first.id);
        if (!live) return;
        setPost(latest);
        if (onItsWay(latest)) return next();
        reloadMe().catch(() => undefined);
      } catch (error) {
        if (!live) return;
        if (error instanceof ApiError && error.status === 404) return setGone(true);
        next();
      }
    }
    next();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, first.id, round]);

  return {
    post,
    gone,
    gaveUp,
    restart(latest: Post) {
      setPost(latest);
      setGaveUp(false);
      setRound((n) => n + 1);
    },
  };
}
