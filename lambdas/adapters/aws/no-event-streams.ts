/**
 * Stands in for `@smithy/core/event-streams` in Lambda bundles (aliased in
 * lib/constructs/mark-function.ts). The SDK's HTTP protocol loads event-stream
 * support with a dynamic import, so esbuild bundles it whole (about 14 KiB
 * minified), yet none of the AWS APIs this app calls (DynamoDB, SQS,
 * EventBridge and its Scheduler, KMS, Secrets Manager, API Gateway, Backup,
 * S3 without SelectObjectContent, SES) streams events. Should one ever be
 * called, it fails loudly here rather than quietly with a bigger bundle.
 */
function unsupported(): never {
  throw new Error('Event streams are not bundled into Mark.0 functions (see lambdas/adapters/aws/no-event-streams.ts)');
}

export class EventStreamSerde {
  constructor() {
    unsupported();
  }
}

export const eventStreamSerdeProvider = unsupported;

/** The S3 client resolves its event-stream config when it is made: no marshaller, so nothing that streams events can run. */
export function resolveEventStreamSerdeConfig<T>(input: T): T {
  return input;
}
