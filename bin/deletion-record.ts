/**
 * `npm run deletion-record -- --email <address>`: the operator's answer to "did
 * you delete my data?" (`--help` for the options). Not through local-env: in
 * AWS the region and credentials are the operator's.
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const { runDeletionRecordCommand } = await import('./deletion-record-command');
process.exitCode = await runDeletionRecordCommand(process.argv.slice(2));
export {};
