// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { loadRuntimeConfig, parseRuntimeConfig } from './runtime-config';

describe('parseRuntimeConfig', () => {
  it('accepts what the local runtime serves', () => {
    expect(parseRuntimeConfig({ mode: 'local', apiUrl: '', auth: { type: 'local' }, sandbox: { linkedin: true, openai: false } })).toEqual({
      mode: 'local',
      apiUrl: '',
      auth: { type: 'local' },
      sandbox: { linkedin: true, openai: false, mail: false },
    });
  });

  it('reads a config.json without sandbox flags (AWS, or an older runtime) as no sandbox', () => {
    expect(parseRuntimeConfig({ mode: 'local', apiUrl: '', auth: { type: 'local' } }).sandbox).toEqual({ linkedin: false, openai: false, mail: false });
    expect(parseRuntimeConfig({ mode: 'local', auth: { type: 'local' }, sandbox: { mail: true, mailOutboxUrl: 'http://127.0.0.1:4567' } }).sandbox).toEqual({ linkedin: false, openai: false, mail: true, mailOutboxUrl: 'http://127.0.0.1:4567' });
    expect(() => parseRuntimeConfig({ mode: 'local', auth: { type: 'local' }, sandbox: { mailOutboxUrl: 'javascript:alert(1)' } })).toThrow('"sandbox.mailOutboxUrl" must be an http(s) URL');
    expect(() => parseRuntimeConfig({ mode: 'local', auth: { type: 'local' }, sandbox: { linkedin: 'yes' } })).toThrow('"sandbox.linkedin" must be true or false');
  });

  it('accepts the AWS shape and drops trailing slashes from URLs', () => {
    const config = parseRuntimeConfig({
      mode: 'aws',
      apiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/',
      auth: { type: 'cognito', domain: 'https://mark0.auth.eu-west-1.amazoncognito.com/', clientId: 'c1', redirectUri: 'https://app.example.com/' },
    });
    expect(config).toEqual({
      mode: 'aws',
      apiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod',
      auth: { type: 'cognito', domain: 'https://mark0.auth.eu-west-1.amazoncognito.com', clientId: 'c1', redirectUri: 'https://app.example.com/' },
      sandbox: { linkedin: false, openai: false, mail: false },
    });
  });

  it('names the field that is wrong', () => {
    expect(() => parseRuntimeConfig({ mode: 'prod', auth: { type: 'local' } })).toThrow('"mode" must be "local" or "aws"');
    expect(() => parseRuntimeConfig({ mode: 'aws', apiUrl: 'javascript:alert(1)', auth: { type: 'local' } })).toThrow('"apiUrl" must be an http(s) URL');
    expect(() => parseRuntimeConfig({ mode: 'aws', apiUrl: '', auth: { type: 'cognito', domain: 'https://x', redirectUri: 'https://y/' } })).toThrow(
      '"auth.clientId" must be a non-empty string',
    );
    expect(() => parseRuntimeConfig([])).toThrow('config.json must be an object');
  });
});

describe('loadRuntimeConfig', () => {
  it('fetches /config.json bypassing the cache', async () => {
    let seen: { url: string; cache?: RequestCache } | undefined;
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen = { url: String(input), ...(init?.cache ? { cache: init.cache } : {}) };
      return new Response('{"mode":"local","apiUrl":"","auth":{"type":"local"}}');
    }) as typeof fetch;
    await expect(loadRuntimeConfig(fetchImpl)).resolves.toMatchObject({ mode: 'local' });
    expect(seen).toEqual({ url: '/config.json', cache: 'no-store' });
  });

  it('says what went wrong when config.json is missing', async () => {
    const fetchImpl = (async () => new Response('not found', { status: 404 })) as unknown as typeof fetch;
    await expect(loadRuntimeConfig(fetchImpl)).rejects.toThrow('Could not load the app settings (/config.json answered 404).');
  });
});
