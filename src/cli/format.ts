// Human-readable summaries printed by the CLI (the --json form prints the result objects as they are).
import type { ClusterSummary } from '../cluster/run-cluster.js';
import type { EtlPlan } from '../etl/plan.js';
import type { EtlResult } from '../etl/pipeline.js';

export function formatEtlResult(r: EtlResult): string {
  const t = r.texts;
  return [
    `etl run ${r.runId} (reference time ${r.referenceTime})`,
    `  users (feature vectors): ${r.users}`,
    `  texts read ${t.read}, scored ${t.scored}, removed ${t.removed}, skipped ${t.skipped} (model ${r.nlpModel})`,
    `  message counts: ${r.messageCounts.mode === 'full' ? `all messages counted (${r.messageCounts.reason})` : `${r.messageCounts.changedSenders} senders updated, ${r.messageCounts.recounted} recounted`}`,
    `  seconds: ${Object.entries(r.seconds).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  ].join('\n');
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

export function formatClusterSummary(s: ClusterSummary): string {
  return [
    `cluster run ${s.clusterRunId}: ${s.users} users, silhouette ${s.silhouette === null ? 'n/a' : s.silhouette.toFixed(3)}, eps ${s.eps.eps.toFixed(4)} (${s.eps.method})`,
    '  level       users    share   mean ASI   mean severity',
    ...s.levels.map((l) => `  ${l.level.padEnd(9)} ${String(l.users).padStart(7)} ${(l.share * 100).toFixed(1).padStart(7)}% ${l.meanAsi.toFixed(1).padStart(9)} ${l.meanSeverity.toFixed(1).padStart(15)}`),
    `  seconds: ${Object.entries(s.seconds).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  ].join('\n');
}
