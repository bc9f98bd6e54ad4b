
import { PUBLISHING } from './publishing-rules';
import type { PostError } from '../../contract/api/posts';

/** The reasons a post fails (post.error), in words its owner can act on. */
export const PUBLISH_FAILURES = {
  reconnectRequired(): PostError {
    return {
      code: 'LINKEDIN_RECONNECT_REQUIRED',
      message: 'LinkedIn no longer accepts Mark.0 for your account (the connection expired or was revoked). Reconnect LinkedIn in Settings, then press Retry.',
    };
  },
  notConnected(): PostError {
    return { code: 'LINKEDIN_RECONNECT_REQUIRED', message: 'Your LinkedIn account is not connected. Connect it in Settings, then press Retry.' };
  },
  rejected(linkedinMessage: string): PostError {
    return { code: 'LINKEDIN_REJECTED', message: linkedinMessage };
  },
  unavailable(attempts: number): PostError {
    return {
      code: 'LINKEDIN_UNAVAILABLE',
      message: `LinkedIn could not be reached or was busy, ${attempts} times in a row. Press Retry to try again.`,
    };
  },
  missed(): PostError {
    return {
      code: 'MISSED',
      message: `This post could not go out within ${PUBLISHING.missedAfterMinutes / 60} hours of its time, so it was not published late. Press Retry to publish it now, or schedule it again.`,
    };
  },
} as const;
