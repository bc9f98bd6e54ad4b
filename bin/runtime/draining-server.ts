import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** How long a stop waits for requests in flight (within `npm start`'s 4 s stop deadline, DynamoDB Local's stop after it). */
export const GRACEFUL_STOP_MS = 1_500;

/** A stop waits until no request has come for this long (clients with a kept-alive socket may be writing one). */
const QUIET_MS = 150;

/**
 * The local gateway's HTTP server: timeouts as API Gateway bounds a request, and a stop that lets
 * requests in flight finish (a client whose write was under way gets its answer, not a reset).
 */
export class DrainingServer {
  readonly server: Server;
  /** Stopping: requests in flight finish, new ones get `refuse`. */
  private draining = false;
  private inFlight = 0;
  private lastRequestAt = 0;

  constructor(
    handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
    /** What a request arriving during the stop is answered (on a connection that then closes). */
    refuse: (res: ServerResponse) => void,
    /** A request that failed with an error (other than its client going away mid-request). */
    failed: (res: ServerResponse, error: unknown) => void,
  ) {
    const server = createServer((req, res) => {
      this.lastRequestAt = Date.now();
      if (this.draining) {
        res.shouldKeepAlive = false;
        refuse(res);
        return;
      }
      this.inFlight++;
      res.once('close', () => this.inFlight--);
      handle(req, res).catch((error: unknown) => {
        if (req.destroyed || (error as { code?: string }).code === 'ECONNRESET' || (error as Error).message === 'aborted') {
          // The client went away before its request was whole: nobody to answer, nothing went to a function.
          console.warn(`[gateway] ${req.method} ${req.url?.split('?')[0]}: the client closed the connection before its request was whole`);
          return;
        }
        failed(res, error);
      });
    });
    // Longer than any client keeps an idle socket, so a client never reuses one the server is closing (a reset, not an answer).
    server.keepAliveTimeout = 65_000;
    // A request must arrive whole within 30 s, as API Gateway's 29 s integration limit bounds a request there
    // (Node's default, 300 s, let a body trickled a byte at a time hold a connection for 5 minutes): then 408.
    server.headersTimeout = 20_000;
    server.requestTimeout = 30_000;
    // A socket silent for longer than the keep-alive wait (one that never sends a byte, too) is closed.
    server.timeout = 70_000;
    this.server = server;
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((done, fail) => {
      this.server.once('error', fail);
      this.server.listen(port, host, () => done());
    });
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  /**
   * Lets requests in flight finish and answers every new one with `refuse` (on a connection that then
   * closes) until none is in flight and none has come for QUIET_MS, for up to `graceMs`; then closes every
   * connection. Closing the idle ones at once would race the clients: a request just written on a kept-alive
   * socket would meet a reset (seen: 6 writes of a burst cut off at SIGTERM), where now it gets an answer.
   */
  async close(graceMs = GRACEFUL_STOP_MS): Promise<void> {
    this.draining = true;
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && (this.inFlight > 0 || Date.now() - this.lastRequestAt < QUIET_MS)) {
      await new Promise((tick) => setTimeout(tick, 20));
    }
    await new Promise<void>((done) => {
      this.server.close(() => done());
      this.server.closeAllConnections();
    });
  }

  /** Requests being served now. */
  get requestsInFlight(): number {
    return this.inFlight;
  }
}
