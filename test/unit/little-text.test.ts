import { describe, expect, it } from 'vitest';
import { LITTLE_TEXT_RESERVED, escapeLittleText, renderLittleText, splitHashtags, toLittleText } from '@contract/little-text';
import { splitUrls } from '@contract/post-urls';

describe('LinkedIn little text', () => {
  it('reserves exactly the fifteen characters LinkedIn documents', () => {
    expect([...LITTLE_TEXT_RESERVED].sort()).toEqual(['\\', '|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~'].sort());
  });

  it.each([...LITTLE_TEXT_RESERVED])('escapes %s with a backslash', (char) => {
    expect(escapeLittleText(`a${char}b`)).toBe(`a\\${char}b`);
    expect(renderLittleText(escapeLittleText(`a${char}b`))).toMatchObject({ text: `a${char}b`, truncated: false });
  });

  it('leaves everything else alone: letters, digits, punctuation, emoji, line breaks', () => {
    const text = 'Hello, world! 100% sure: "quotes" & \'apostrophes\'; émoji 🚀 — new\nline.';
    expect(escapeLittleText(text)).toBe(text);
    expect(toLittleText(text)).toBe(text);
  });

  it('escapes a backslash before what follows it, so "\\#" stays two characters', () => {
    expect(escapeLittleText('\\#')).toBe('\\\\\\#');
    expect(renderLittleText(escapeLittleText('\\#')).text).toBe('\\#');
  });

  it('survives the round trip for a post full of markup-looking text', () => {
    const text = '#hashtag @mention [link](https://x.y) {template|x} <html> *bold* _under_ ~strike~ C:\\path';
    expect(renderLittleText(escapeLittleText(text))).toMatchObject({ text, truncated: false });
    expect(renderLittleText(toLittleText(text))).toMatchObject({ text, truncated: false });
  });

  it('shows what LinkedIn does to unescaped text: everything from the first reserved character is lost', () => {
    expect(renderLittleText('Launch day (finally) is here')).toMatchObject({ text: 'Launch day ', truncated: true });
  });
});

describe('hashtags the user typed', () => {
  const tags = (text: string) => splitHashtags(text).flatMap((part) => (part.kind === 'hashtag' ? [part.tag] : []));

  it.each([
    ['at the start of the text', '#shipping is fun', ['shipping']],
    ['after a space', 'Ship it #friday', ['friday']],
    ['at the start of a line', 'Done.\n#ops #devex', ['ops', 'devex']],
    ['after punctuation', 'Tags:#one, (#two) "#three" ¿#cuatro?', ['one', 'two', 'three', 'cuatro']],
    ['with digits after a letter', '#web3 #2fa', ['web3', '2fa']],
    ['with accented letters, precomposed or combining', '#café #cafe\u0301', ['café', 'cafe\u0301']],
    ['in other scripts', '#日本 #München #Ελλάδα #עברית', ['日本', 'München', 'Ελλάδα', 'עברית']],
    ['after an emoji or a right-to-left mark', '🚀#launch مرحبا \u200F#العربية', ['launch', 'العربية']],
  ])('are found %s', (_, text, expected) => {
    expect(tags(text)).toEqual(expected);
  });

  it.each([
    ['after a letter (C#, F#)', 'I write C# and F#daily'],
    ['inside a word or number', 'see issue#42 and abc#def'],
    ['without a letter', '#1 #2024 (#42)'],
    ['alone', 'a # b #'],
    ['doubled or escaped-looking', '##tag \\#tag'],
    ['in a URL fragment or an HTML entity', 'https://example.com/#pricing &#x27;'],
    ['after a mention sign or an underscore', '@#tag snake_#case'],
    ['made of emoji', '#🚀 #⭐️'],
  ])('are not hashtags %s', (_, text) => {
    expect(tags(text)).toEqual([]);
  });

  it('ends a tag at the first character that is not a letter, mark or digit', () => {
    expect(splitHashtags('#web3. #machine_learning #C++ #tag\'s')).toEqual([
      { kind: 'hashtag', tag: 'web3' },
      { kind: 'text', text: '. ' },
      { kind: 'hashtag', tag: 'machine' },
      { kind: 'text', text: '_learning ' },
      { kind: 'hashtag', tag: 'C' },
      { kind: 'text', text: '++ ' },
      { kind: 'hashtag', tag: 'tag' },
      { kind: 'text', text: "'s" },
    ]);
  });

  it('keeps every character of the text, hashtags and plain runs together', () => {
    const text = 'Hiring! #jobs (remote) #日本\n#1 C# issue#42 #';
    const joined = splitHashtags(text)
      .map((part) => (part.kind === 'text' ? part.text : `#${part.tag}`))
      .join('');
    expect(joined).toBe(text);
  });

  it('go to LinkedIn as the hashtag template; every other reserved character stays escaped', () => {
    expect(toLittleText('Ship it #friday (C# too) #1 issue#42 #')).toBe('Ship it {hashtag|\\#|friday} \\(C\\# too\\) \\#1 issue\\#42 \\#');
    expect(toLittleText('#café_au_lait')).toBe('{hashtag|\\#|café}\\_au\\_lait');
  });

  it.each([
    ['a fragment after a path', 'https://example.com/page#section', 'https://example.com/page\\#section'],
    ['a hash route', 'https://x.com/#/route', 'https://x.com/\\#/route'],
    ['a fragment after a query sign', 'http://example.com/?#top', 'http://example.com/?\\#top'],
    ['a fragment after an equals sign', 'HTTPS://example.com/search?q=#tag', 'HTTPS://example.com/search?q=\\#tag'],
    ['a fragment after a dot, on a www. address', 'www.example.com/a.#b', 'www.example.com/a.\\#b'],
    ['a fragment after a comma', 'https://a.io/x,#frag', 'https://a.io/x,\\#frag'],
  ])('are never read inside a URL (%s): it goes as a plain, escaped URL', (_, url, expected) => {
    expect(splitHashtags(url)).toEqual([{ kind: 'text', text: url }]);
    expect(toLittleText(url)).toBe(expected);
    expect(renderLittleText(toLittleText(url))).toMatchObject({ text: url, truncated: false });
  });

  it('start again after the URL ends at white space, and only a URL at the start of a word counts', () => {
    expect(toLittleText('Read (https://example.com/?#intro) #launch\nwww.x.io/#a #b')).toBe(
      'Read \\(https://example.com/?\\#intro\\) {hashtag|\\#|launch}\nwww.x.io/\\#a {hashtag|\\#|b}',
    );
    expect(toLittleText('awww.site/(#tag)')).toBe('awww.site/\\({hashtag|\\#|tag}\\)');
  });

  it('render on LinkedIn as hashtags, with the rest of the post whole', () => {
    const rendered = renderLittleText(toLittleText('Launch (v2) #shipping #日本 done.'));
    expect(rendered).toEqual({
      text: 'Launch (v2) #shipping #日本 done.',
      parts: [
        { kind: 'text', text: 'Launch (v2) ' },
        { kind: 'hashtag', tag: 'shipping' },
        { kind: 'text', text: ' ' },
        { kind: 'hashtag', tag: '日本' },
        { kind: 'text', text: ' done.' },
      ],
      truncated: false,
    });
  });

  it('an escaped \\#word is plain text on LinkedIn, not a hashtag (the bug this fixes)', () => {
    expect(renderLittleText(escapeLittleText('#shipping')).parts).toEqual([{ kind: 'text', text: '#shipping' }]);
  });

  it('a template LinkedIn could not parse cuts the post, as LinkedIn would', () => {
    expect(renderLittleText('Hello {hashtag|#|x} world')).toMatchObject({ text: 'Hello ', truncated: true });
    expect(renderLittleText('Hello {hashtag|\\#|} world')).toMatchObject({ text: 'Hello ', truncated: true });
  });
});

describe('hashtags and web addresses, in the preview and on LinkedIn alike', () => {
  // The preview links what splitUrls finds and colours hashtags in the rest; the publisher sends splitHashtags
  // of the whole text. The same tags must come out, or the preview shows a hashtag LinkedIn will not (or the reverse).
  const previewTags = (text: string) =>
    splitUrls(text).flatMap((run) => (run.kind === 'url' ? [] : splitHashtags(run.text).flatMap((part) => (part.kind === 'hashtag' ? [part.tag] : []))));
  const sentTags = (text: string) => splitHashtags(text).flatMap((part) => (part.kind === 'hashtag' ? [part.tag] : []));

  it.each([
    'See https://example.com/?#top and #ops',
    'www.x.io/a.#b, then #next.',
    '(https://en.wikipedia.org/wiki/Hash_(x)#History) #wiki',
    'https://example.com/a,#tag #real',
    'awww.#cute and xhttp://#no',
    'Read: https://example.com/page#section. #Reading!',
    '#first https://x.com/#/route #last',
  ])('%s', (text) => {
    expect(previewTags(text)).toEqual(sentTags(text));
  });
});
