import * as z from 'zod/mini';
import { openExport, type ExportDeps } from '../core/account-data/export-document';
import { httpApi, type ProxyHandler } from './http/http-api';
import { streamingLambdaHandler } from './http/lambda-streaming';
import type { MeteringDeps } from './http/request-metering';
import { logger } from './powertools';
import { exportDeps } from '../wiring/aws/export-deps';

/** GET /v1/me/export takes no parameters. */
const exportQuerySchema = z.strictObject({});

/**
 * The export function: GET /v1/me/export streams everything stored about the
 * user as one JSON document, a page of their partition at a time
 * (core/account-data/export-document.ts), so 10,000 posts take one page of
 * memory. Streamed rather than built into a file: no second copy of the data
 * is kept anywhere (nothing to expire, secure or erase on deletion) and the
 * user waits for one download, not for a job (README "Your data").
 */
export function createExportApi(deps: ExportDeps & MeteringDeps): ProxyHandler {
  return httpApi(
    {
      'GET /v1/me/export': async (req) => {
        req.query(exportQuerySchema);
        const userId = req.userId();
        const document = await openExport(deps, userId, { address: req.email(), mailSuppressed: req.mailSuppressed() });
        const day = deps.clock.now().toISOString().slice(0, 10);
        return {
          status: 200,
          headers: { 'Content-Disposition': `attachment; filename="mark0-export-${day}.json"` },
          stream: reported(document, userId),
        };
      },
    },
    deps,
  );
}

/** The document, and a log line once its last byte went out. */
async function* reported(document: AsyncIterable<string>, userId: string): AsyncGenerator<string> {
  let bytes = 0;
  for await (const chunk of document) {
    bytes += Buffer.byteLength(chunk);
    yield chunk;
  }
  logger.info('export streamed', { userId, bytes });
}

export const handler = streamingLambdaHandler(async () => {
  return createExportApi(await exportDeps());
});
