/**
 * Environment defaults for running the Lambda handlers on a machine. Imported
 * first by every local entry point (npm start, tests), before any handler
 * module creates its Powertools instances, which read these at import.
 */
const defaults: Record<string, string> = {
  POWERTOOLS_SERVICE_NAME: 'mark0',
  // EMF lines are how metrics reach CloudWatch in AWS; on a machine they are noise.
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'WARN',
  AWS_REGION: 'local',
  // The SDK's "Node 20 is near end of support" notice, once per process, says nothing about Mark.0.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

for (const [name, value] of Object.entries(defaults)) process.env[name] ??= value;
