import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketCorsCommand, type S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { MEDIA_BUCKET_CORS } from '@contract/api/media';
import type { Clock } from '@lambdas/core/ports/clock';
import { createS3Client, S3MediaStorage } from '@lambdas/adapters/aws/s3-media-storage';
import { checkSignature } from './sigv4-check';

/** s3rver's built-in account: the only credentials the local S3 knows. */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
export const LOCAL_MEDIA_BUCKET = 'mark0-local-media';

export interface LocalS3 {
  /** Where clients (the adapter, browsers with signed URLs) reach it: the signature gate. */
  endpoint: string;
  bucket: string;
  client: S3Client;
  /** The same adapter as in Lambda, pointed here. */
  storage: S3MediaStorage;
  /** The bucket's CORS rule, for these origins only (as CDK sets it for the web app's). */
  allowOrigins(origins: string[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * S3 on this machine: s3rver (an S3-compatible server: buckets, objects, ranges,
 * tagging, CORS, multi-delete) behind a gate that checks every request's SigV4
 * signature as S3 does (s3rver does not check V4 signatures): presigned URLs
 * expire, and a PUT with another Content-Length, Content-Type or tag than the
 * one signed is refused with 403. So the same adapter and presigner run here as
 * in AWS, with the same refusals. Both listen on loopback only.
 */
export async function startLocalS3(options: { dataDir?: string; clock: Clock; log?: (line: string) => void }): Promise<LocalS3> {
  const directory = options.dataDir ?? mkdtempSync(join(tmpdir(), 'mark0-s3-'));
  mkdirSync(directory, { recursive: true });
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, allowMismatchedSignatures: false } as ConstructorParameters<typeof S3rver>[0]);
  const backend = (await s3rver.run()) as unknown as { address: string; port: number };

  const gate = createServer((req, res) => forward(req, res, backend.port, options.clock));
  gate.keepAliveTimeout = 1_000;
  await new Promise<void>((done, fail) => {
    gate.once('error', fail);
    gate.listen(0, '127.0.0.1', () => done());
  });
  const address = gate.address();
  const endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const client = createS3Client({ bucket: LOCAL_MEDIA_BUCKET, endpoint, region: 'us-east-1', credentials: LOCAL_S3_CREDENTIALS });
  await client.send(new CreateBucketCommand({ Bucket: LOCAL_MEDIA_BUCKET })).catch((error: { name?: string }) => {
    if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
  });
  return {
    endpoint,
    bucket: LOCAL_MEDIA_BUCKET,
    client,
    storage: new S3MediaStorage(client, LOCAL_MEDIA_BUCKET, () => options.clock.now()),
    async allowOrigins(origins) {
      await client.send(
        new PutBucketCorsCommand({
          Bucket: LOCAL_MEDIA_BUCKET,
          CORSConfiguration: {
            CORSRules: [
              {
                AllowedOrigins: origins,
                AllowedMethods: [...MEDIA_BUCKET_CORS.methods],
                AllowedHeaders: [...MEDIA_BUCKET_CORS.headers],
                ExposeHeaders: [...MEDIA_BUCKET_CORS.exposeHeaders],
                MaxAgeSeconds: MEDIA_BUCKET_CORS.maxAgeSeconds,
              },
            ],
          },
        }),
      );
    },
    async stop() {
      client.destroy();
      await new Promise<void>((done) => {
        gate.close(() => done());
        gate.closeAllConnections();
      });
      await s3rver.close();
      if (!options.dataDir) rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Checks the signature (CORS preflights carry none, as in S3), then passes the request to s3rver as it came. */
function forward(req: IncomingMessage, res: ServerResponse, port: number, clock: Clock): void {
  if (req.method !== 'OPTIONS') {
    const refusal = checkSignature({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers }, { [LOCAL_S3_CREDENTIALS.accessKeyId]: LOCAL_S3_CREDENTIALS.secretAccessKey }, clock.now());
    if (refusal) {
      const origin = req.headers.origin;
      res.writeHead(refusal.status, { 'Content-Type': 'application/xml', ...(origin ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {}), Connection: 'close' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${refusal.message}</Message></Error>`);
      req.resume();
      return;
    }
  }
  const upstream = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    // Hop-by-hop headers are the connection's, not the answer's (RFC 9110 7.6.1): s3rver's `Keep-Alive: timeout=5`
    // passed on would let a client reuse a connection this gate closes after 1 s (ECONNRESET on the next request).
    const { connection: _connection, 'keep-alive': _keepAlive, ...headers } = answer.headers;
    res.writeHead(answer.statusCode ?? 502, headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502).end();
    else res.destroy();
  });
  req.on('aborted', () => upstream.destroy());
  req.pipe(upstream);
}
