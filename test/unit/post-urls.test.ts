import { describe, expect, it } from 'vitest';
import { splitUrls } from '@contract/post-urls';

const urls = (text: string) => splitUrls(text).flatMap((part) => (part.kind === 'url' ? [part.href] : []));

describe('web addresses in a post', () => {
  it.each([
    ['an https address', 'Read https://example.com/a/b?x=1 today', ['https://example.com/a/b?x=1']],
    ['an http address, any case', 'Old: HTTP://example.com', ['HTTP://example.com']],
    ['a www. address, opened over https', 'Visit www.example.com now', ['https://www.example.com']],
    ['a # inside an address, which is no hashtag', 'See https://example.com/?q=1#pricing and www.x.io/#/home', ['https://example.com/?q=1#pricing', 'https://www.x.io/#/home']],
    ['the full stop, comma or ! after it left out', 'Go to https://example.com/a. Or https://b.io, or https://c.io!', ['https://example.com/a', 'https://b.io', 'https://c.io']],
    ['a bracket around it left out', '(see https://example.com/a) and [www.b.io]', ['https://example.com/a', 'https://www.b.io']],
    ['a bracket it opened kept', 'https://en.wikipedia.org/wiki/Ada_(programming_language).', ['https://en.wikipedia.org/wiki/Ada_(programming_language)']],
    ['quotes around it left out', 'He said "https://example.com/x"?', ['https://example.com/x']],
    ['at a line start and after a line break', 'https://a.io\nhttps://b.io', ['https://a.io', 'https://b.io']],
  ])('finds %s', (_name, text, expected) => {
    expect(urls(text)).toEqual(expected);
  });

  it.each([
    ['no address at all', 'Shipping in C# (#dotnet), issue#42'],
    ['a lone scheme or www.', 'https:// and www. and https://.'],
    ['http or www inside a word', 'xhttps://a.io and awww.b.io and mail@www.c.io'],
  ])('finds nothing in %s', (_name, text) => {
    expect(urls(text)).toEqual([]);
  });

  it('gives back the text whole: the runs joined are what was written', () => {
    const text = 'Launch (https://example.com/launch#faq). Also www.b.io, #shipping!';
    const parts = splitUrls(text);
    expect(parts.map((part) => part.text).join('')).toBe(text);
    expect(parts).toEqual([
      { kind: 'text', text: 'Launch (' },
      { kind: 'url', text: 'https://example.com/launch#faq', href: 'https://example.com/launch#faq' },
      { kind: 'text', text: '). Also ' },
      { kind: 'url', text: 'www.b.io', href: 'https://www.b.io' },
      { kind: 'text', text: ', #shipping!' },
    ]);
  });
});
