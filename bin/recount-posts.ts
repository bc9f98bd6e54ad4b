/**
 * `npm run recount-posts`: the operator's recount of each user's post counts by
 * status, in AWS or (--local) on the local runtime. `npm run recount-posts -- --help`.
 * Not through local-env: in AWS the region and credentials are the operator's.
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const { runRecountCommand } = await import('./recount-posts-command');
process.exitCode = await runRecountCommand(process.argv.slice(2));
export {};
