import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One mail as the server took it: the raw message, its parse, and how it arrived. */
export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  /** Header name (lower case) → its unfolded value, as written in the message. */
  headers: Record<string, string>;
  envelope: { from: string; to: string[] };
  /** The connection was TLS (smtps://, or upgraded with STARTTLS) when the mail was sent. */
  secure: boolean;
  receivedAt: Date;
}

export interface SmtpReceiverOptions {
  /** none: plain SMTP, STARTTLS not offered; starttls: offered (the client upgrades); implicit: TLS from the first byte (smtps://). */
  tls?: 'none' | 'starttls' | 'implicit';
  /** Mails kept, newest last (the sandbox keeps the last 200). */
  keep?: number;
  log?: (line: string) => void;
}

/**
 * A real SMTP server on loopback (the `smtp-server` package), every mail parsed with `mailparser`: the local
 * runtime's sandbox outbox, and the test server of the mail tests, which also make it refuse mails (4xx/5xx)
 * or cut the connection. With TLS it uses the package's self-signed certificate for localhost, so its URL
 * tells the client not to verify it: loopback only.
 */
export class SmtpReceiver {
  readonly mails: ReceivedMail[] = [];
  private readonly refusals: { code: number; message: string }[] = [];
  private readonly listeners = new Set<(mail: ReceivedMail) => void>();
  private server: SMTPServer | undefined;
  private port = 0;
  /** DATA commands answered (accepted or refused). */
  attempts = 0;

  constructor(private readonly options: SmtpReceiverOptions = {}) {}

  get url(): string {
    const tls = this.options.tls ?? 'none';
    const scheme = tls === 'implicit' ? 'smtps' : 'smtp';
    return `${scheme}://127.0.0.1:${this.port}${tls === 'none' ? '' : '/?tls.rejectUnauthorized=false'}`;
  }

  async start(): Promise<string> {
    const tls = this.options.tls ?? 'none';
    const server = new SMTPServer({
      secure: tls === 'implicit',
      disabledCommands: tls === 'none' ? ['STARTTLS', 'AUTH'] : ['AUTH'],
      authOptional: true,
      logger: false,
      banner: 'Mark.0 SMTP sandbox',
      size: 1024 * 1024,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.attempts++;
          const refusal = this.refusals.shift();
          if (refusal) {
            const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
            callback(error);
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          const envelope = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address) };
          simpleParser(raw)
            .then((parsed) => {
              const mail: ReceivedMail = { raw, parsed, headers: rawHeaders(parsed), envelope, secure: session.secure, receivedAt: new Date() };
              this.mails.push(mail);
              if (this.options.keep !== undefined && this.mails.length > this.options.keep) this.mails.shift();
              for (const listener of this.listeners) listener(mail);
              callback(null, 'Queued by the Mark.0 SMTP sandbox');
            })
            .catch((error: unknown) => callback(error as Error));
        });
      },
    });
    server.on('error', (error) => this.options.log?.(`[mail-sandbox] SMTP error: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      server.listen(0, '127.0.0.1', () => resolve());
      server.server.once('error', reject);
    });
    const address = server.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.server = server;
    return this.url;
  }

  /** The next `times` mails are refused with this SMTP reply (4xx: try later; 5xx: for good). */
  refuseNext(times: number, code = 451, message = 'Try again later (sandbox)'): void {
    for (let i = 0; i < times; i++) this.refusals.push({ code, message });
  }

  onMail(listener: (mail: ReceivedMail) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function rawHeaders(parsed: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    headers[key.toLowerCase()] = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
  }
  return headers;
}
