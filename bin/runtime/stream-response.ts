import type { ServerResponse } from 'node:http';

/**
 * Writes a streaming function's body to the socket as it comes, waiting for
 * the socket to drain (so a slow client holds the function back rather than
 * filling memory). A failure half-way cannot change the status any more: the
 * connection is cut, as API Gateway cuts a broken stream, and the client sees
 * an incomplete body.
 */
export async function pipeStream(stream: AsyncIterable<string>, res: ServerResponse, fn: string, status: number): Promise<number> {
  try {
    for await (const chunk of stream) {
      if (res.destroyed) break;
      if (!res.write(chunk)) await drainedOrClosed(res);
    }
    res.end();
  } catch (error) {
    console.error(`[gateway] function ${fn} failed while streaming`, error);
    res.destroy();
  }
  return status;
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise<void>((resume) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resume();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
