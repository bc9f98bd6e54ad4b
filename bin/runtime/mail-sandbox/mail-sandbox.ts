import { createServer, type Server } from 'node:http';
import { escapeHtml } from '../linkedin-sandbox/sandbox-pages';
import { SmtpReceiver, type ReceivedMail } from './smtp-receiver';

const KEEP = 200;

const STYLE = `
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; background: #f4f2ee; color: #1d2226; }
  .banner { background: #b24020; color: #fff; padding: .5rem 1rem; font-weight: 600; }
  main { max-width: 56rem; margin: 1.5rem auto; padding: 0 1rem; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  td, th { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #e0dfdc; vertical-align: top; }
  pre { white-space: pre-wrap; background: #fff; padding: 1rem; border: 1px solid #e0dfdc; }
  iframe { width: 100%; height: 32rem; border: 1px solid #e0dfdc; background: #fff; }
  a { color: #0a66c2; }
`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Sandbox mail</title><style>${STYLE}</style></head>
<body><div class="banner" role="note">SANDBOX mail outbox, run by Mark.0's local runtime: these mails were sent to nobody. Set SMTP_URL to send real mail.</div><main>${body}</main></body></html>`;
}

function listPage(mails: readonly ReceivedMail[]): string {
  const rows = mails
    .map((mail, i) => ({ mail, i }))
    .reverse()
    .map(({ mail, i }) => `<tr><td>${escapeHtml(mail.receivedAt.toISOString())}</td><td>${escapeHtml(mail.envelope.to.join(', '))}</td><td><a href="/mail/${i}">${escapeHtml(mail.parsed.subject ?? '(no subject)')}</a></td></tr>`)
    .join('');
  return page('Outbox', `<h1>Sent mail (${mails.length})</h1>${mails.length ? `<table><tr><th>When</th><th>To</th><th>Subject</th></tr>${rows}</table>` : '<p>No mail yet. Mark.0 sends one when a post fails, when LinkedIn needs reconnecting, and the weekly summary if it is on.</p>'}`);
}

function mailPage(mail: ReceivedMail, index: number): string {
  const headers = Object.entries(mail.headers)
    .map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('');
  const html = typeof mail.parsed.html === 'string' ? mail.parsed.html : '';
  return page(
    mail.parsed.subject ?? 'Mail',
    `<p><a href="/">← All sent mail</a> · <a href="/mail/${index}.eml">raw message</a></p><h1>${escapeHtml(mail.parsed.subject ?? '(no subject)')}</h1>
<h2>HTML part</h2><iframe sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(html)}" title="HTML part"></iframe>
<h2>Plain-text part</h2><pre>${escapeHtml(mail.parsed.text ?? '')}</pre><h2>Headers</h2><table>${headers}</table>`,
  );
}

/**
 * The sandbox outbox: without SMTP_URL, the local runtime sends its mail over SMTP to this loopback server
 * (the same SMTP mailer as with a real server) and serves what arrived as pages, labelled sandbox.
 */
export class MailSandbox {
  readonly receiver = new SmtpReceiver({ keep: KEEP });
  private http: Server | undefined;
  url = '';

  constructor(private readonly log?: (line: string) => void) {}

  get smtpUrl(): string {
    return this.receiver.url;
  }

  async start(): Promise<void> {
    await this.receiver.start();
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
      const send = (status: number, type: string, body: string) => {
        res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
        res.end(body);
      };
      if (req.method !== 'GET') return send(405, 'text/plain', 'GET only');
      if (path === '/') return send(200, 'text/html', listPage(this.receiver.mails));
      const match = /^\/mail\/(\d+)(\.eml)?$/.exec(path);
      const mail = match ? this.receiver.mails[Number(match[1])] : undefined;
      if (!mail) return send(404, 'text/html', page('Not found', '<p>No such mail. <a href="/">All sent mail</a></p>'));
      return match![2] ? send(200, 'message/rfc822', mail.raw) : send(200, 'text/html', mailPage(mail, Number(match![1])));
    });
    server.keepAliveTimeout = 1_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    this.http = server;
    this.log?.(`[mail-sandbox] SMTP on ${this.receiver.url}, pages on ${this.url}`);
  }

  async stop(): Promise<void> {
    const server = this.http;
    this.http = undefined;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    await this.receiver.stop();
  }
}
