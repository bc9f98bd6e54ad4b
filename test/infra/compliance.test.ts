import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { addComplianceChecks } from '../../lib/mark-app';
import { buildApp } from './support/synth';

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

/** Every `Validations.of(x).acknowledge()` in the app, where it was made. */
function acknowledgements(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

function findings(report: PolicyValidationPluginReport): string[] {
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${violation.severity} ${violation.ruleName} at ${resource.constructPath}: ${violation.description}`),
  );
}

/** cdk-nag with acknowledgements ignored: what the rules find in the app as built. */
function unacknowledgedChecks(): AwsSolutionsChecks {
  const checks = new AwsSolutionsChecks();
  // cdk-nag 3 offers no switch for this; its private check is replaced on this one instance only.
  (checks as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  return checks;
}

describe('cdk-nag AwsSolutions', () => {
  const { app } = buildApp({}, { cloudFormationValidation: true });
  const checks = addComplianceChecks(app);
  // In-memory synthesis throws on any unacknowledged cdk-nag error, exactly as `cdk synth` fails.
  const assembly = app.synth();
  const acks = acknowledgements(app);

  it('finds no unacknowledged error or warning in the app', () => {
    expect(findings(checks.validateScope(app))).toEqual([]);
  });

  it('leaves nothing in the synthesized validation report, from cdk-nag or CDK itself', () => {
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations)).toEqual([]);
  });

  it('acknowledges each finding with a specific reason of substance', () => {
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(ack.reason.length, `${ack.id} at ${ack.path}: "${ack.reason}"`).toBeGreaterThanOrEqual(80);
    }
  });

  it('acknowledges narrowly: never on an app or stack, only on the construct the finding is about', () => {
    const stackPaths = new Set(app.node.children.map((stack) => stack.node.path));
    for (const ack of acks) {
      expect(ack.path === '' || stackPaths.has(ack.path), `${ack.id} acknowledged at ${ack.path || 'the app'}`).toBe(false);
    }
  });

  it('has no stale acknowledgement: each one still silences a finding at or under its construct', () => {
    const raw = unacknowledgedChecks().validateScope(app).violations;
    for (const ack of acks) {
      const silenced = raw.some(
        (violation) =>
          violation.ruleName === ack.id &&
          violation.violatingResources.some((resource) => resource.constructPath === ack.path || resource.constructPath?.startsWith(`${ack.path}/`)),
      );
      expect(silenced, `${ack.id} at ${ack.path} no longer matches any finding; remove it`).toBe(true);
    }
  });
});
