import { describe, expect, it } from 'vitest';
import { duplicateBody } from '../../bin/runtime/linkedin-sandbox/sandbox-protocol';
import { LinkedInHttpClient } from '@lambdas/adapters/linkedin/linkedin-http-client';
import { LINKEDIN_API_VERSION } from '@contract/linkedin-version';
import type { CreatePostResult } from '@lambdas/core/ports/linkedin-client';
import { LINKEDIN_ANSWERS as answers, ScriptedLinkedInClient } from '../support/scripted-linkedin-client';

/**
 * The scripted LinkedIn's answers are the ones LinkedInHttpClient gives for the
 * HTTP answers they are named after, so a unit test's script reads like the wire
 * and cannot say something the adapter never says.
 */
const URN = 'urn:li:share:7141138937766391808';
const post = { accessToken: 'token', author: 'urn:li:person:abc', commentary: 'Hello' };
const config = { authUrl: 'https://linkedin.test/oauth/v2', apiUrl: 'https://linkedin.test', version: LINKEDIN_API_VERSION, timeoutMs: 10_000 };

function adapterAnswering(answer: (() => Response) | Error): LinkedInHttpClient {
  return new LinkedInHttpClient(config, async () => {
    if (answer instanceof Error) throw answer;
    return answer();
  });
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () => new Response(JSON.stringify(body), { status, headers });

describe('LINKEDIN_ANSWERS', () => {
  it.each<[string, (() => Response) | Error, CreatePostResult]>([
    ['201', () => new Response(null, { status: 201, headers: { 'x-restli-id': URN } }), answers.created(URN)],
    ['422 DUPLICATE_POST', json(422, duplicateBody(URN)), answers.duplicate(URN)],
    ['422 DUPLICATE_POST naming no post', json(422, { message: 'Content is a duplicate', errorDetails: { inputErrors: [{ code: 'DUPLICATE_POST' }] } }), answers.rejected(422, 'Content is a duplicate')],
    ['401', json(401, { message: 'Invalid access token', status: 401 }), answers.unauthorized()],
    ['429 with Retry-After', json(429, { message: answers.throttled().message }, { 'Retry-After': '7' }), answers.throttled(7)],
    ['429', json(429, { message: answers.throttled().message }), answers.throttled()],
    ['500', json(500, { message: 'Internal Server Error' }), answers.serverError()],
    ['a timeout', Object.assign(new Error('aborted'), { name: 'TimeoutError' }), answers.timeout(config.timeoutMs)],
    ['403', json(403, { message: 'Not enough permissions' }), answers.rejected(403, 'Not enough permissions')],
  ])('%s is what the adapter reports', async (_, http, scripted) => {
    expect(await adapterAnswering(http).createPost(post)).toEqual(scripted);
  });
});

describe('ScriptedLinkedInClient', () => {
  it('answers in script order, records each call, and fails a call the script did not foresee', async () => {
    const linkedin = new ScriptedLinkedInClient().answer(answers.serverError(), async (input) => answers.created(`urn:li:share:${input.commentary.length}`));

    expect(await linkedin.createPost(post)).toEqual(answers.serverError());
    expect(await linkedin.createPost(post)).toEqual(answers.created('urn:li:share:5'));
    await expect(linkedin.createPost(post)).rejects.toThrow('Unscripted LinkedIn call #3');
    expect(linkedin.calls).toEqual([post, post, post]);
    expect(linkedin.pending).toBe(0);
  });
});
