import { describe, expect, it } from 'vitest';
import { linkedinWords, PUBLISH_FAILURES } from '@lambdas/core/publishing/publish-failures';

describe("LinkedIn's refusal, as its owner reads it", () => {
  it('quotes what LinkedIn said, says nothing went out, and what to do', () => {
    expect(PUBLISH_FAILURES.rejected('Commentary contains an invalid mention')).toEqual({
      code: 'LINKEDIN_REJECTED',
      message:
        'LinkedIn refused this post, so nothing was published. It said: “Commentary contains an invalid mention”. ' +
        'If that names something in the post (its text, a file, the poll), change it, then press Retry.',
    });
  });

  it('drops the Java exception class LinkedIn sometimes puts first, and keeps everything else', () => {
    expect(linkedinWords('com.linkedin.content.common.exception.BadRequestResponseException: Invalid poll duration')).toBe('Invalid poll duration');
    expect(linkedinWords('com.linkedin.restli.server.RestLiServiceException: ')).toBe('com.linkedin.restli.server.RestLiServiceException:');
    expect(linkedinWords('ERROR :: /commentary :: is too long')).toBe('ERROR :: /commentary :: is too long');
    expect(linkedinWords('Version 202001 is not active. See docs.example.Exception: x')).toBe('Version 202001 is not active. See docs.example.Exception: x');
  });
});
