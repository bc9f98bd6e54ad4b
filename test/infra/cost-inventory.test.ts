import { describe, expect, it } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import { accessLogFormatOf, inventoryOf, type CfnTemplate } from '../../bin/bench/app-inventory';
import { synthApp } from './support/synth';

/** `npm run bench:cost` counts the bill's fixed part from the templates: the counts must be the templates'. */
describe('the cost inventory of the synthesized app', () => {
  const app = synthApp();
  const stacks: Template[] = [app.data, app.publishing, app.api, app.edge, app.web, app.site, app.monitoring, ...(app.backup ? [app.backup] : [])];
  const templates = stacks.map((template) => template.toJSON() as CfnTemplate);
  const inventory = inventoryOf(templates);
  const count = (type: string) => stacks.reduce((sum, template) => sum + Object.keys(template.findResources(type)).length, 0);

  it('counts every CloudWatch alarm, composite alarm and dashboard of the app', () => {
    expect(inventory.metricAlarms).toBeGreaterThan(0);
    expect(inventory.metricAlarms).toBe(count('AWS::CloudWatch::Alarm'));
    expect(inventory.compositeAlarms).toBe(count('AWS::CloudWatch::CompositeAlarm'));
    expect(inventory.compositeAlarms).toBeGreaterThan(0);
    expect(inventory.dashboards).toBe(count('AWS::CloudWatch::Dashboard'));
    // The operations dashboard stays within the 50 metrics of a free dashboard (one search per Lambda metric, not a line per function).
    expect(inventory.dashboardsWithinFreeMetrics).toBe(inventory.dashboards);
    // Math alarms are billed per metric they read, so there are at least as many alarm metrics as alarms.
    expect(inventory.alarmMetrics.standard + inventory.alarmMetrics.highResolution).toBeGreaterThan(inventory.metricAlarms);
  });

  it('counts customer managed keys, secrets, web ACLs and their rules', () => {
    expect(inventory.kmsKeys).toBe(count('AWS::KMS::Key'));
    expect(inventory.kmsKeys).toBeGreaterThan(0);
    expect(inventory.secrets).toBe(count('AWS::SecretsManager::Secret'));
    expect(inventory.webAcls).toBe(count('AWS::WAFv2::WebACL'));
    expect(inventory.wafRules).toBeGreaterThan(inventory.webAcls);
  });

  it('reads the scheduled functions\' rates, memory sizes and the backup plan from the templates', () => {
    // Reconciler and health probe run every 5 minutes: 12 an hour over a 730-hour month.
    expect(inventory.scheduledRunsPerMonth.reconciler).toBe(8760);
    expect(inventory.scheduledRunsPerMonth.healthProbe).toBe(8760);
    expect(inventory.memoryMb.api).toBeGreaterThanOrEqual(128);
    expect(inventory.memoryMb.healthProbe).toBeGreaterThanOrEqual(128);
    // Daily kept 35 days + monthly kept a year.
    // 35 daily + the monthly copies' first 30 days warm (~1); the other ~11 monthly copies cold.
    expect(inventory.backupsKept.warm + inventory.backupsKept.cold).toBeCloseTo(35 + 12, 0);
    expect(inventory.backupsKept.warm).toBeCloseTo(35 + 1, 0);
    expect(inventory.backupsKept.cold).toBeCloseTo(11, 0);
    expect(inventory.restoreTestsPerMonth).toBeGreaterThan(4);
    expect(accessLogFormatOf(templates)).toContain('$context.requestId');
  });
});
