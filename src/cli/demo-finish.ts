// How `demo` ends: a summary that points at the dashboard; with --keep-running a working psql line; with
// --serve the dashboard itself, a per-session token, and a clean stop on Ctrl-C.
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import type { DatabaseUrls } from '../config.js';
import type { DemoResult } from '../demo/run-demo.js';
import type { CommandContext } from './context.js';
import { dashboardSteps, formatLevels, shellWord } from './format.js';
import { SHUTDOWN_SIGNALS, serveUntilSignal, signalListenersAddedFromNow } from './serve-until-signal.js';
import { formatCount, formatSummary, groupSeconds, type SummaryBlock } from './summary-block.js';

export interface DemoFinishOptions {
  keepRunning?: boolean;
  serve?: boolean;
  /** --port with --serve (0: a free port). */
  port?: number;
  /** The folder given with --dir, if any: the next commands must name it too. */
  dir?: string;
}

/** The embedded server's fixed local password (src/db/embedded.ts): the database listens on 127.0.0.1 only. */
const EMBEDDED_PASSWORD = 'aura-miner-embedded';

/**
 * The `onReady` of runDemo. Created before the demo starts: it removes the signal hooks that starting
 * the embedded PostgreSQL installs, so Ctrl-C ends the wait here and the demo stops the database itself.
 */
export function createDemoFinish(ctx: CommandContext, opts: DemoFinishOptions): (result: DemoResult, urls: DatabaseUrls) => Promise<void> {
  const removeAddedListeners = signalListenersAddedFromNow();
  return async (result, urls) => {
    removeAddedListeners();
    const prefix = opts.dir ? `AURA_EMBEDDED_DIR=${shellWord(result.dataDir)} ` : '';
    if (opts.serve) return serveDemo(ctx, result, urls, opts.port ?? ctx.config.servicePort, prefix);
    if (!opts.keepRunning) {
      ctx.summarize(result, () => ({
        ...demoSummary(result),
        where: `embedded PostgreSQL in ${result.dataDir} (stopped now; any aura-miner command starts it again)`,
        next: [
          ...dashboardSteps(ctx.config.servicePort, `${prefix}npx aura-miner serve`),
          `${prefix}npx aura-miner demo --serve   # the same in one step, with a token for the per-user views`,
        ],
      }));
      return;
    }
    ctx.summarize(result, () => ({
      ...demoSummary(result),
      where: `embedded PostgreSQL in ${result.dataDir}, port ${result.port} (running until Ctrl-C)`,
      next: [
        `PGPASSWORD=${EMBEDDED_PASSWORD} psql -h 127.0.0.1 -p ${result.port} -U postgres aura_data_miner -c "SELECT risk_level, count(*) FROM user_risk_results GROUP BY 1"`,
        ...dashboardSteps(ctx.config.servicePort, `${prefix}npx aura-miner serve`),
      ],
    }));
    process.stderr.write('embedded PostgreSQL is running; press Ctrl-C to stop it\n');
    await new Promise<void>((resolve) => {
      for (const s of SHUTDOWN_SIGNALS) process.once(s, () => resolve());
    });
  };
}

/** What the demo did, for people; each stage's seconds stay in --json. */
export function demoSummary(r: DemoResult): SummaryBlock {
  const t = r.etl.texts;
  const s = r.seeded;
  return {
    title: 'aura-miner demo',
    read: s.skipped
      ? `the synthetic sources of an earlier demo (reused), ${formatCount(t.read)} new or changed texts`
      : `${formatCount(s.users)} synthetic users with ${formatCount(s.messages)} messages, ${formatCount(s.posts)} posts, ${formatCount(s.comments)} comments`,
    wrote: `${formatCount(r.etl.users)} feature vectors (etl run ${r.etl.runId}), ${formatCount(t.scored)} text scores (${r.etl.nlpModel})`,
    lines: [
      ['risk', formatLevels(r.cluster)],
      ['charts', `${r.charts.length} SVG files in ${r.charts.length ? dirname(r.charts[0]!) : '-'}`],
    ],
    // The demo's own `etl` and `cluster` laps belong to no group: their stages count instead.
    stages: groupSeconds({ ...r.seconds, ...prefixed('etl.', r.etl.seconds), ...prefixed('cluster.', r.cluster.seconds) }),
    seconds: r.seconds.total,
  };
}

/** A token for this session only: the per-user views (high-risk list, live updates) need one. */
export function generateSessionToken(): string {
  return randomBytes(24).toString('base64url');
}

async function serveDemo(ctx: CommandContext, result: DemoResult, urls: DatabaseUrls, port: number, prefix: string): Promise<void> {
  const token = generateSessionToken();
  const config = Object.freeze({ ...ctx.config, apiTokens: [...ctx.config.apiTokens, token] });
  await serveUntilSignal({
    config,
    urls,
    logger: ctx.logger,
    port,
    host: '127.0.0.1',
    onListening: (url) => {
      ctx.print({ ...result, dashboard: { url, token } }, () =>
        [
          formatSummary({ ...demoSummary(result), where: `embedded PostgreSQL in ${result.dataDir}, port ${result.port} (running until Ctrl-C)` }),
          '',
          `  dashboard  ${url}`,
          `  token      ${token}`,
          `             (this session only: paste it into the dashboard's token field for the per-user views)`,
          `  stop       Ctrl-C   (later: ${prefix}npx aura-miner serve)`,
        ].join('\n'),
      );
    },
  });
}

function prefixed(p: string, o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [p + k, v]));
}
