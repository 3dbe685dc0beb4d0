// Every value-checked flag of every subcommand, fed hostile values (fast-check): exit 2, one line naming the flag, no stack.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Command, Option } from 'commander';
import { buildProgram, main } from '../../src/cli/index.js';
import { INPUT_RANGES, REFERENCE_TIME_FLOOR, type NumericRange } from '../../src/input-ranges.js';
import { runCli } from '../support/run-cli.js';

interface CheckedFlag {
  command: string;
  flag: string;
}

/** Every option with its own value parser (rangeOption, referenceTimeOption, --shard), found in the real program. */
function checkedFlags(): CheckedFlag[] {
  const out: CheckedFlag[] = [];
  for (const c of buildProgram().commands) {
    for (const o of c.options as Option[]) if (o.parseArg && o.long) out.push({ command: c.name(), flag: o.long });
  }
  return out;
}

/** Runs `aura-miner ...args` in this process with every action replaced: only parsing and the error door run. */
async function runInProcess(args: string[]): Promise<{ code: number; stderr: string; ran: boolean }> {
  const program = buildProgram();
  let ran = false;
  for (const c of program.commands as Command[]) c.action(() => void (ran = true));
  let stderr = '';
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  const before = process.exitCode;
  try {
    await main(['node', 'aura-miner', ...args], program);
    return { code: Number(process.exitCode ?? 0), stderr, ran };
  } finally {
    process.stderr.write = write;
    process.exitCode = before;
  }
}

const rangeOf: Record<string, NumericRange> = {
  '--seed': INPUT_RANGES.seed,
  '--k': INPUT_RANGES.k,
  '--eps': INPUT_RANGES.eps,
  '--min-pts': INPUT_RANGES.minPts,
  '--contamination': INPUT_RANGES.contamination,
  '--min-signals': INPUT_RANGES.minSignals,
  '--users': INPUT_RANGES.users,
  '--port': INPUT_RANGES.port,
  '--debounce-ms': INPUT_RANGES.debounceMs,
  '--max-batch': INPUT_RANGES.maxBatch,
  '--stats-interval': INPUT_RANGES.statsIntervalSeconds,
};

/** Values no flag accepts: not numbers, non-finite, hex, empty, unicode digits, control characters. */
const garbage = fc.oneof(
  fc.constantFrom('', ' ', 'NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '0x10', '1_000', '１２', '٣', '12abc', 'null', 'true', '[]', '{}', '1\n2', '\u0000', '5/0', '--'),
  fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => !/\d/.test(s)),
);

/** Out of a numeric range: below, above, far beyond, or a fraction for a whole-number flag. */
const outOfRange = (r: NumericRange) =>
  fc.oneof(
    fc.constantFrom(r.minExclusive ? r.min : r.min - 1, r.max + 1, r.max * 1e6, -1e300, 1e300, Number.MAX_SAFE_INTEGER * 4).map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: r.max, max: 1e308, minExcluded: true }).map(String),
    ...(r.integer ? [fc.double({ noNaN: true, min: r.min, max: Math.min(r.max, 1e9) }).filter((x) => !Number.isInteger(x)).map(String)] : []),
  );

const badTime = fc.oneof(
  garbage,
  fc.constantFrom('0000-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '+275760-09-13T00:00:00Z', 'yesterday', '2020-13-45T00:00:00Z'),
  fc.date({ min: new Date(-8.64e15), max: new Date(REFERENCE_TIME_FLOOR.getTime() - 1), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ min: new Date(Date.now() + 3_600_000), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
);

const badShard = fc.oneof(garbage, fc.constantFrom('1/0', '5/5', '-1/2', '1/1e400', 'Infinity/2', '0/10001', '1/', '/2'));

function valuesFor(flag: string): fc.Arbitrary<string> {
  if (flag === '--reference-time') return badTime;
  if (flag === '--shard') return badShard;
  const r = rangeOf[flag];
  assert.ok(r, `${flag} has a value parser but no range in this test: add it`);
  return fc.oneof(garbage, outOfRange(r));
}

test('the value-checked flags are the numeric, time and shard flags of every subcommand', () => {
  const names = new Set(checkedFlags().map((f) => f.flag));
  for (const f of [...Object.keys(rangeOf), '--reference-time', '--shard']) assert.ok(names.has(f), `${f} is not checked by its parser`);
});

test('hostile values for every checked flag: exit 2, one line naming the flag and what it accepts, no stack, no action', async () => {
  for (const { command, flag } of checkedFlags()) {
    await fc.assert(
      fc.asyncProperty(valuesFor(flag), async (value) => {
        const r = await runInProcess([command, `${flag}=${value}`]);
        assert.equal(r.code, 2, `${command} ${flag}=${JSON.stringify(value)}: ${r.stderr}`);
        assert.equal(r.ran, false, 'the action must not run');
        const lines = r.stderr.split('\n').filter(Boolean);
        assert.equal(lines.length, 1, r.stderr);
        assert.ok(lines[0]!.startsWith(`aura-miner: ${flag === '--shard' ? 'shard' : flag} must be`), lines[0]);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
      }),
      { numRuns: 40, seed: 17 },
    );
  }
});

test('values inside the ranges parse, with the defaults taken from the modules that own them', async () => {
  const ok = await runInProcess(['cluster', '--k', '50', '--min-pts', '256', '--eps', '2.5', '--contamination', '0.5', '--seed', '4294967295']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.ok(ok.ran);
  const help = buildProgram().commands.find((c) => c.name() === 'cluster')!.helpInformation().replace(/\s+/g, ' ');
  assert.match(help, /--k <n> K-Means clusters \(a whole number from 2 to 50\) \(default: 4\)/);
  assert.match(help, /--contamination <x> .*\(default: 0\.05\)/);
  assert.match(help, /--seed <n> .*\(default: 42\)/);
});

test('the built CLI: out-of-range flags exit 2 with one line and start nothing', async () => {
  const minPts = await runCli(['cluster', '--min-pts', '20000']);
  assert.equal(minPts.code, 2, minPts.stderr);
  assert.equal(minPts.stderr, 'aura-miner: --min-pts must be a whole number from 2 to 256, got "20000"\n');
  const time = await runCli(['etl', '--reference-time', '0000-01-01T00:00:00Z']);
  assert.equal(time.code, 2);
  assert.match(time.stderr, /^aura-miner: --reference-time must be an ISO 8601 date-time from 2000-01-01T00:00:00\.000Z to 5 minutes from now, got "0000-01-01T00:00:00Z"\n$/);
  const newline = await runCli(['seed', '--users', '1\nat Object.<anonymous> (x.js:1:1)']);
  assert.equal(newline.code, 2);
  assert.equal(newline.stderr.split('\n').filter(Boolean).length, 1, newline.stderr);
});
