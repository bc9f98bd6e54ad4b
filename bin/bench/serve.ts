/**
 * The local runtime without the web app, for benchmarks: in memory, on PORT,
 * limits lifted (MARK0_LIMITS=off is set by the caller). Prints one line,
 * `READY {"url", "dynamoEndpoint", "tableName"}`, once it serves.
 */
import '../local-env';

const { startRuntime } = await import('../runtime/runtime');
const runtime = await startRuntime({ port: Number(process.env['PORT'] ?? 0), log: () => undefined, dynamoNiceness: 10 });
console.log(`READY ${JSON.stringify({ url: runtime.url, dynamoEndpoint: runtime.dynamoEndpoint, tableName: runtime.tableName })}`);
const stop = () => void runtime.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
