
import { PUBLISHING } from './publishing-rules';
import type { PostError } from '../../contract/api/posts';

/** The reasons a post fails (post.error), in words its owner can act on. */
export const PUBLISH_FAILURES = {
  /** LinkedIn refused the text as a repeat of a post its author already has (`earlierPostUrl`). */
  duplicate(earlierPostUrl: string): PostError {
    return {
      code: 'LINKEDIN_DUPLICATE',
      message:
        `LinkedIn refused this post as a repeat of your earlier post ${earlierPostUrl} (it does not take the same text twice), so nothing new was published. ` +
        'Change the text, even by a few words, then press Retry.',
    };
  },
  /** LinkedIn refused the post for a reason of its own (`linkedinMessage`, its words): quoted, with what it means and what to do. */
  rejected(linkedinMessage: string): PostError {
    return {
      code: 'LINKEDIN_REJECTED',
      message:
        `LinkedIn refused this post, so nothing was published. It said: “${linkedinWords(linkedinMessage)}”. ` +
        'If that names something in the post (its text, a file, the poll), change it, then press Retry.',
    };
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

/**
 * LinkedIn's own words, without the Java exception class its errors sometimes start with
 * ("com.linkedin….BadRequestResponseException: …"), which says nothing to a person.
 */
export function linkedinWords(message: string): string {
  const words = message.replace(/^(?:[a-z][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error)\s*:\s*/, '').trim();
  return words === '' ? message.trim() : words;
}
