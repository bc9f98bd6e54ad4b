import { readFileSync } from 'node:fs';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { monitoringWithPublishing } from './support/monitoring';
import { buildApp } from './support/synth';

const RUNBOOK = readFileSync(new URL('../../docs/RUNBOOK.md', import.meta.url), 'utf8');

/** GitHub's heading anchors: lowercase, punctuation dropped (hyphens and underscores kept), spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const headings = [...RUNBOOK.matchAll(/^(#{1,6}) (.+)$/gm)].map((m) => ({ level: m[1]!.length, text: m[2]!, anchor: slug(m[2]!), at: m.index! }));
/** The entries under "## Alarms": one per alarm family, each to its next heading. */
const alarmsStart = headings.find((h) => h.level === 2 && h.text === 'Alarms')!.at;
const alarmsEnd = headings.find((h) => h.level === 2 && h.at > alarmsStart)!.at;
const entries = headings
  .filter((h) => h.level === 3 && h.at > alarmsStart && h.at < alarmsEnd)
  .map((h) => {
    const next = headings.find((n) => n.at > h.at)!;
    return { anchor: h.anchor, body: RUNBOOK.slice(h.at, next.at) };
  });

/** Every metric and composite alarm of the whole app, plus the publishing alarms that come with issue 3. */
function allAlarms(): { name: string; description: string }[] {
  const { app } = buildApp({ backupCopyRegion: 'eu-central-1' });
  const templates = app.node.children.filter((c): c is Stack => c instanceof Stack).map((stack) => Template.fromStack(stack));
  templates.push(Template.fromStack(monitoringWithPublishing()));
  return templates.flatMap((template) =>
    ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'].flatMap((type) =>
      Object.values(template.findResources(type)).map((r) => {
        const p = (r as { Properties: { AlarmName: string; AlarmDescription: string } }).Properties;
        return { name: p.AlarmName, description: p.AlarmDescription };
      }),
    ),
  );
}

describe('docs/RUNBOOK.md', () => {
  const alarms = allAlarms();
  const linked = alarms.map((a) => ({ ...a, anchor: /Runbook: docs\/RUNBOOK\.md#([a-z0-9-]+)$/.exec(a.description)?.[1] }));

  it('is linked from every alarm in the templates (metric and composite alarms)', () => {
    expect(alarms.length).toBeGreaterThan(30);
    for (const alarm of linked) expect(alarm.anchor, `${alarm.name}: ${alarm.description}`).toBeDefined();
  });

  it('has an entry for every alarm, under the anchor its description links to', () => {
    const anchors = new Set(entries.map((e) => e.anchor));
    for (const alarm of linked) expect(anchors.has(alarm.anchor!), `${alarm.name} links to #${alarm.anchor}, which has no entry`).toBe(true);
  });

  it('has no entry for an alarm that does not exist', () => {
    const used = new Set(linked.map((a) => a.anchor));
    for (const entry of entries) expect(used.has(entry.anchor), `#${entry.anchor} is not linked from any alarm`).toBe(true);
  });

  it('says in every entry what the alarm means, how to look and what to do', () => {
    for (const entry of entries) {
      for (const part of ['**What it means**', '**How to look**', '**What to do**']) expect(entry.body, `#${entry.anchor} lacks ${part}`).toContain(part);
    }
  });

  it('resolves every link within itself', () => {
    const anchors = new Set(headings.map((h) => h.anchor));
    for (const [, target] of RUNBOOK.matchAll(/\]\(#([^)]+)\)/g)) expect(anchors.has(target!), `#${target}`).toBe(true);
  });

  it('covers restoring from PITR and from AWS Backup step by step, and the backup scripts', () => {
    for (const heading of ['Restore from backup', 'Point-in-time recovery (PITR)', 'From an AWS Backup recovery point', 'Move the app onto the restored table', 'Backup and restore scripts']) {
      expect(headings.map((h) => h.text)).toContain(heading);
    }
    expect(RUNBOOK).toContain('restore-table-to-point-in-time');
    expect(RUNBOOK).toContain('aws backup start-restore-job');
    expect(RUNBOOK).toContain('-c existingTableName=');
  });
});
