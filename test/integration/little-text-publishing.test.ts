import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CONTENT_CHARACTERS, countCharacters } from '@contract/api/posts';
import { LINKEDIN_API_VERSION } from '@contract/linkedin-version';
import { renderLittleText, toLittleText } from '@contract/little-text';
import { ManualClock } from '../support/manual-clock';
import { connectLinkedIn, sandboxOf } from './support/linkedin';
import { startTestApp, type ApiClient, type TestApp } from './support/test-runtime';

/**
 * What reaches LinkedIn, byte for byte: posts written in the app, published
 * through the real publisher to the sandbox LinkedIn, whose recorded
 * `commentary` is compared with the little text written out by hand here (not
 * computed by the code under test). Hashtags go as LinkedIn's hashtag template,
 * every other reserved character escaped, everything else untouched; and the
 * sandbox, which renders little text as LinkedIn does, shows each post whole.
 */
const clock = new ManualClock();
let app: TestApp;
let user: ApiClient;

beforeAll(async () => {
  app = await startTestApp({ clock, publishing: { tickMs: 0 } });
  user = await app.signIn();
  await connectLinkedIn(app, user, { member: 'Little Text' });
});
afterAll(() => app?.stop());

/** Publishes `content` now and returns the commentary the sandbox LinkedIn received, and the post. */
async function publish(content: string): Promise<{ commentary: string; post: { status: string; linkedinUrn: string; linkedinUrl: string } }> {
  const created = await user.post('/v1/posts', { content });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await user.post(`/v1/posts/${created.body.id}/publish`)).status).toBe(202);
  await app.publishing.step();
  const post = (await user.get(`/v1/posts/${created.body.id}`)).body;
  expect(post.status, JSON.stringify(post.error)).toBe('published');
  const onLinkedIn = sandboxOf(app).posts.filter((p) => p.urn === post.linkedinUrn);
  expect(onLinkedIn).toHaveLength(1);
  return { commentary: onLinkedIn[0]!.commentary, post };
}

describe('the commentary LinkedIn receives', () => {
  it.each([
    ['every reserved character, each escaped (a lone # included)', 'All of them: \\ | { } @ [ ] ( ) < > # * _ ~ end', 'All of them: \\\\ \\| \\{ \\} \\@ \\[ \\] \\( \\) \\< \\> \\# \\* \\_ \\~ end'],
    ['hashtags as the template, emoji untouched', 'Launch day 🚀🎉 #shipping #日本 👩🏽‍💻 #café!', 'Launch day 🚀🎉 {hashtag|\\#|shipping} {hashtag|\\#|日本} 👩🏽‍💻 {hashtag|\\#|café}!'],
    ['what is not a hashtag, escaped', 'C# and F#, issue#42, #1, #2024 and a lone #', 'C\\# and F\\#, issue\\#42, \\#1, \\#2024 and a lone \\#'],
    ['right-to-left text, with its marks and hashtags', 'مرحبا بالعالم #العربية (שלום) \u200F#עברית.', 'مرحبا بالعالم {hashtag|\\#|العربية} \\(שלום\\) \u200F{hashtag|\\#|עברית}.'],
    [
      'text that looks like a mention, a link or markup, escaped',
      'Thanks @[Ada Lovelace](urn:li:person:123), @team and <b>*you*</b> ~ [see](https://example.com/#pricing) {hashtag|#|x}',
      'Thanks \\@\\[Ada Lovelace\\]\\(urn:li:person:123\\), \\@team and \\<b\\>\\*you\\*\\</b\\> \\~ \\[see\\]\\(https://example.com/\\#pricing\\) \\{hashtag\\|\\#\\|x\\}',
    ],
    ['line breaks and blank lines, kept', 'First line\n\n#second line\n  indented (yes)', 'First line\n\n{hashtag|\\#|second} line\n  indented \\(yes\\)'],
  ])('%s', async (_, content, expected) => {
    const { commentary, post } = await publish(content);
    expect(commentary).toBe(expected);
    expect(renderLittleText(commentary)).toMatchObject({ text: content, truncated: false });
    const page = await (await fetch(post.linkedinUrl)).text();
    expect(page).not.toContain('LinkedIn cut this post');
  });

  it(`a post of exactly ${MAX_CONTENT_CHARACTERS} characters, reserved characters and hashtags throughout, arrives whole`, async () => {
    // 100 blocks of 30 characters: "Step (NN) of *100* #done ~ ok\n" with NN 00–99.
    const block = (n: number) => `Step (${String(n).padStart(2, '0')}) of *100* #done ~ ok\n`;
    const content = Array.from({ length: 100 }, (_, n) => block(n)).join('').slice(0, -1) + '!';
    expect(countCharacters(content)).toBe(MAX_CONTENT_CHARACTERS);
    const expected = Array.from({ length: 100 }, (_, n) => `Step \\(${String(n).padStart(2, '0')}\\) of \\*100\\* {hashtag|\\#|done} \\~ ok\n`).join('').slice(0, -1) + '!';

    const { commentary, post } = await publish(content);

    expect(commentary).toBe(expected);
    const rendered = renderLittleText(commentary);
    expect(rendered.text).toBe(content);
    expect(rendered.parts.filter((part) => part.kind === 'hashtag')).toHaveLength(100);
    const page = await (await fetch(post.linkedinUrl)).text();
    expect(page).not.toContain('LinkedIn cut this post');
    expect(page.match(/class="hashtag"/g)).toHaveLength(100);
  });

  it(`a post of exactly ${MAX_CONTENT_CHARACTERS} shown characters whose little text is far longer (escapes, hashtag templates) is accepted and published`, async () => {
    // 300 blocks of 10 characters, "(#tag*_*) ": each goes as 27 characters of little text, 8,099 in all.
    const content = '(#tag*_*) '.repeat(300).slice(0, -1) + '!';
    expect(countCharacters(content)).toBe(MAX_CONTENT_CHARACTERS);
    const expected = '\\({hashtag|\\#|tag}\\*\\_\\*\\) '.repeat(300).slice(0, -1) + '!';
    expect(countCharacters(expected)).toBeGreaterThan(2 * MAX_CONTENT_CHARACTERS);

    const { commentary, post } = await publish(content);

    expect(commentary).toBe(expected);
    expect(renderLittleText(commentary)).toMatchObject({ text: content, truncated: false });
    const page = await (await fetch(post.linkedinUrl)).text();
    expect(page).not.toContain('LinkedIn cut this post');
  });
});

describe("the sandbox LinkedIn's length limit", () => {
  /** Creates a post on the sandbox directly, as the member connected above, with this commentary. */
  async function createOnSandbox(commentary: string): Promise<{ status: number; body: string }> {
    const sandbox = sandboxOf(app);
    const token = sandbox.issuedAccessTokens.at(-1)!;
    const me = (await (await fetch(`${sandbox.apiUrl}/v2/userinfo`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { sub: string };
    const res = await fetch(`${sandbox.apiUrl}/rest/posts`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'LinkedIn-Version': LINKEDIN_API_VERSION, 'X-Restli-Protocol-Version': '2.0.0' },
      body: JSON.stringify({
        author: `urn:li:person:${me.sub}`,
        commentary,
        visibility: 'PUBLIC',
        distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
        lifecycleState: 'PUBLISHED',
        isReshareDisabledByAuthor: false,
      }),
    });
    return { status: res.status, body: await res.text() };
  }

  it.each([
    ['escapes and hashtag templates', (n: number) => '(#ab_*) '.repeat(Math.floor(n / 8)) + '~'.repeat(n % 8)],
    ['emoji (two UTF-16 units each)', (n: number) => '🚀'.repeat(n)],
  ])(`counts the ${MAX_CONTENT_CHARACTERS} characters as shown, in code points: %s`, async (_, shown) => {
    expect(countCharacters(shown(MAX_CONTENT_CHARACTERS))).toBe(MAX_CONTENT_CHARACTERS);
    expect(countCharacters(shown(MAX_CONTENT_CHARACTERS + 1))).toBe(MAX_CONTENT_CHARACTERS + 1);
    const over = await createOnSandbox(toLittleText(shown(MAX_CONTENT_CHARACTERS + 1)));
    expect(over.status, over.body).toBe(422);
    expect(over.body).toContain(`length exceeds ${MAX_CONTENT_CHARACTERS}`);
    const exact = await createOnSandbox(toLittleText(shown(MAX_CONTENT_CHARACTERS)));
    expect(exact.status, exact.body).toBe(201);
  });
});
