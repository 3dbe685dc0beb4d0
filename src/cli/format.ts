// Human-readable summaries printed by the CLI (the --json form prints the result objects as they are, every stage's seconds included).
import type { ClusterSummary } from '../cluster/run-cluster.js';
import type { EtlPlan } from '../etl/plan.js';
import type { ExtractManifest } from '../etl/extract-files.js';
import type { LoadDirResult } from '../etl/load-files.js';
import type { EtlResult } from '../etl/pipeline.js';
import type { TransformManifest } from '../etl/transform-files.js';
import { formatCount, groupSeconds, type SummaryBlock } from './summary-block.js';

export function etlSummary(r: EtlResult, opts: { next?: boolean } = {}): SummaryBlock {
  const t = r.texts;
  return {
    title: `etl run ${r.runId}`,
    read: `the sources up to ${r.referenceTime.slice(0, 16).replace('T', ' ')} UTC: ${formatCount(t.read)} new or changed texts`,
    wrote: `${formatCount(r.users)} feature vectors, ${formatCount(t.scored)} text scores (${r.nlpModel})`,
    lines: t.skipped || t.removed ? [['texts', `${formatCount(t.skipped)} skipped as empty or too short, ${formatCount(t.removed)} removed at the source`]] : [],
    stages: groupSeconds(r.seconds),
    next: opts.next === false ? [] : ['aura-miner cluster      # risk levels for these vectors'],
  };
}

export function formatPlan(p: EtlPlan): string {
  return [
    `dry run: nothing will be written`,
    `analytics schema version ${p.analytics.schemaVersion}${p.analytics.schemaVersion === 0 ? ' (run `aura-miner migrate` first)' : ''}, current vectors ${p.analytics.currentVectors}`,
    `datasets to read:`,
    ...p.datasets.map((d) => `  ${d.name.padEnd(16)} ${d.source.padEnd(10)} ${String(d.rows).padStart(10)} rows${d.since ? `  since ${d.since}` : ''}`),
    `would write:`,
    ...p.writes.map((w) => `  ${w}`),
    `NLP backend: ${p.nlpBackend}`,
  ].join('\n');
}

export function clusterSummary(s: ClusterSummary, opts: { servicePort: number }): SummaryBlock {
  return {
    title: `cluster run ${s.clusterRunId}`,
    read: `${formatCount(s.users)} feature vectors`,
    wrote: `risk levels: ${formatLevels(s)}`,
    lines: [['quality', `silhouette ${s.silhouette === null ? 'n/a' : s.silhouette.toFixed(3)}, DBSCAN radius ${s.eps.eps.toFixed(4)} (${s.eps.method})`]],
    stages: groupSeconds(s.seconds),
    next: dashboardSteps(opts.servicePort),
  };
}

/** `high 7 (2.6%) · moderate 41 (15.1%) · low 224 (82.4%)` */
export function formatLevels(s: ClusterSummary): string {
  return s.levels.map((l) => `${l.level} ${formatCount(l.users)} (${(l.share * 100).toFixed(1)}%)`).join(' · ');
}

/** The command that opens the dashboard, and where. */
export function dashboardSteps(servicePort: number, command = 'aura-miner serve'): string[] {
  return [`${command}        # then open http://localhost:${servicePort}/ (the dashboard)`];
}

export function extractSummary(m: ExtractManifest, out: string): SummaryBlock {
  const rows = m.datasets.reduce((n, d) => n + d.rows, 0);
  return {
    title: 'extract',
    read: `${formatCount(rows)} rows from ${m.datasets.length} datasets: ${m.datasets.map((d) => `${d.name} ${formatCount(d.rows)}`).join(', ')}`,
    wrote: `${m.datasets.length} CSV files and manifest.json (reference time ${m.referenceTime})`,
    where: out,
    next: [`aura-miner transform --in ${shellWord(out)}      # feature vectors from these files`],
  };
}

export function transformSummary(m: TransformManifest, dirs: { in: string; out: string }): SummaryBlock {
  return {
    title: 'transform',
    read: `the extract files in ${dirs.in}: ${formatCount(m.texts.read)} texts`,
    wrote: `${formatCount(m.users)} feature vectors, ${formatCount(m.texts.scored)} text scores (${m.nlpModel}) and manifest.json`,
    where: dirs.out,
    next: [`aura-miner load --in ${shellWord(dirs.out)}      # into the analytics database, all or nothing`],
  };
}

export function loadSummary(r: LoadDirResult, dir: string): SummaryBlock {
  return {
    title: `load run ${r.runId}`,
    read: `the transform files in ${dir}`,
    wrote: `${formatCount(r.users)} feature vectors, ${formatCount(r.scoresStored)} text scores, in one transaction`,
    next: ['aura-miner cluster      # risk levels for these vectors'],
  };
}

/** A path as one shell word (quoted only when it needs it). */
export function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
