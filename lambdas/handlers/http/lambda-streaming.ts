import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { StreamingProxyResult } from './http-api';
import { logger } from '../powertools';

/** What the Lambda Node.js runtime provides to response-streaming functions (a global, only in Lambda). */
interface LambdaStreamingRuntime {
  streamifyResponse(handler: (event: APIGatewayProxyEvent, stream: NodeJS.WritableStream, context: Context) => Promise<void>): unknown;
  HttpResponseStream: { from(stream: NodeJS.WritableStream, metadata: { statusCode: number; headers?: Record<string, string> }): NodeJS.WritableStream };
}

/**
 * The Lambda entry of a streaming API function (API Gateway's STREAM response
 * transfer mode): the status and headers go first, as the HTTP prelude API
 * Gateway reads, then the body as it is produced. A failure half-way can no
 * longer change the status: the stream ends early (and the document lacks its
 * last member), which the client detects.
 *
 * `awslambda.streamifyResponse` exists only in the Lambda runtime (a global
 * named `awslambda` may exist elsewhere, without it); elsewhere (the local
 * runtime, tests) the function is built with createXxxApi and piped by the gateway.
 */
export function streamingLambdaHandler(build: () => Promise<(event: APIGatewayProxyEvent, context: Context) => Promise<StreamingProxyResult>>): unknown {
  const runtime = (globalThis as { awslambda?: Partial<LambdaStreamingRuntime> }).awslambda;
  if (typeof runtime?.streamifyResponse !== 'function' || !runtime.HttpResponseStream) {
    return () => Promise.reject(new Error('A streaming handler runs in Lambda only; locally the gateway pipes the function.'));
  }
  const { streamifyResponse, HttpResponseStream } = runtime as LambdaStreamingRuntime;
  let built: ReturnType<typeof build> | undefined;
  return streamifyResponse(async (event, responseStream, context) => {
    built ??= build().catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    const result = await (await built)(event, context);
    const out = HttpResponseStream.from(responseStream, { statusCode: result.statusCode, headers: result.headers as Record<string, string> });
    try {
      await pipeline(result.stream ? Readable.from(result.stream) : Readable.from([result.body]), out);
    } catch (error) {
      logger.error('the response stream broke off', error as Error);
      throw error;
    }
  });
}
