/**
 * `npm run tier -- --user <id> --tier pro`: the operator's tier change, in AWS
 * or (--local) on the local runtime. `npm run tier -- --help` for the options.
 * Not through local-env: in AWS the region and credentials are the operator's.
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const { runTierCommand } = await import('./tier-command');
process.exitCode = await runTierCommand(process.argv.slice(2));
export {};
