import { describe, expect, it } from 'vitest';
import { SesMailer } from '@lambdas/adapters/aws/ses-mailer';
import { MailSendError, type OutgoingMail } from '@lambdas/core/ports/mailer';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session' };
const mail: OutgoingMail = {
  id: 'mail-1',
  userId: 'user-1',
  kind: 'postFailed',
  to: 'ada@example.org',
  subject: 'A post did not go out',
  text: 'Text part',
  html: '<p>HTML part</p>',
  headers: { 'List-Unsubscribe': '<https://example.org/u>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
};

function mailer(answer: () => Promise<Response>) {
  const sent: { url: string; init: RequestInit }[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(input), init: init ?? {} });
    return answer();
  };
  const ses = SesMailer.api({ region: 'eu-west-1', credentials, fetch: fetch as typeof globalThis.fetch });
  return { sent, mailer: new SesMailer(ses, { from: 'notifications@example.org', configurationSet: 'mark0-prod', timeoutMs: 5_000 }) };
}

describe('SesMailer: SES v2 SendEmail over the small signed client', () => {
  it('sends one signed SendEmail to email.<region> with the From address, the configuration set, the tags, both parts and our headers', async () => {
    const { sent, mailer: ses } = mailer(async () => new Response(JSON.stringify({ MessageId: 'ses-42' }), { status: 200 }));
    expect(await ses.send(mail)).toEqual({ providerId: 'ses-42' });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('https://email.eu-west-1.amazonaws.com/v2/email/outbound-emails');
    expect(sent[0]!.init.method).toBe('POST');
    expect((sent[0]!.init.headers as Record<string, string>)['authorization']).toMatch(/Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/ses\/aws4_request/);
    expect(JSON.parse(String(sent[0]!.init.body))).toEqual({
      FromEmailAddress: 'notifications@example.org',
      Destination: { ToAddresses: ['ada@example.org'] },
      ConfigurationSetName: 'mark0-prod',
      EmailTags: [
        { Name: 'mailId', Value: 'mail-1' },
        { Name: 'userId', Value: 'user-1' },
        { Name: 'kind', Value: 'postFailed' },
      ],
      Content: {
        Simple: {
          Subject: { Data: 'A post did not go out', Charset: 'UTF-8' },
          Body: { Text: { Data: 'Text part', Charset: 'UTF-8' }, Html: { Data: '<p>HTML part</p>', Charset: 'UTF-8' } },
          Headers: [
            { Name: 'List-Unsubscribe', Value: '<https://example.org/u>' },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
    });
    expect(sent[0]!.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('a refusal no retry can change is permanent; a throttle was answered (not sent); no answer may have been sent; never a second try', async () => {
    const refused = mailer(async () => new Response(JSON.stringify({ message: 'Email address is not verified.' }), { status: 400, headers: { 'x-amzn-errortype': 'MessageRejected:' } }));
    await expect(refused.mailer.send(mail)).rejects.toMatchObject({ permanent: true, mayHaveBeenSent: false });

    const throttled = mailer(async () => new Response(JSON.stringify({ message: 'Maximum sending rate exceeded.' }), { status: 429, headers: { 'x-amzn-errortype': 'TooManyRequestsException:' } }));
    await expect(throttled.mailer.send(mail)).rejects.toMatchObject({ permanent: false, mayHaveBeenSent: false });
    expect(throttled.sent).toHaveLength(1);

    const lost = mailer(async () => {
      throw new TypeError('fetch failed');
    });
    const error = await lost.mailer.send(mail).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MailSendError);
    expect(error).toMatchObject({ permanent: false, mayHaveBeenSent: true });
    expect(lost.sent).toHaveLength(1);
  });
});
