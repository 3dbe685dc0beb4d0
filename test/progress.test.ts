// Progress: bar lines with rate and ETA; log lines held above drawn bars, never written into them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import cliProgress from 'cli-progress';
import { formatBarLine } from '../src/progress.js';
import { StderrLines } from '../src/stderr-lines.js';

/** The options as cli-progress hands them to a format function (parsed: bar strings built, no autopadding). */
const options = { barsize: 10, barCompleteString: '#'.repeat(10), barIncompleteString: '-'.repeat(10), barGlue: '', autopaddingChar: '' } as unknown as cliProgress.Options;
const params = (value: number, total: number, eta: number) => ({ value, total, eta, progress: total ? value / total : 0, startTime: 0, stopTime: null, maxWidth: 160 }) as unknown as cliProgress.Params;

describe('progress', () => {
  test('a task with a total: bar, percent, count, rate and ETA', () => {
    const started = Date.now() - 2000;
    const line = formatBarLine(options, params(500, 1000, 2), { label: 'texts scored', known: true, started });
    assert.match(line, /^ texts scored\s+\|#####-----\| {2}50% 500\/1000 {2}2[45]\d\/s {2}eta 2s$/);
    assert.match(formatBarLine(options, params(1000, 1000, 0), { label: 'x', known: true, started }), /done$/);
  });

  test('a task without a total: a running count, the rate and the time so far', () => {
    const line = formatBarLine(options, params(7803, 7803, 0), { label: 'texts scored', known: false, started: 0, ended: 2000 });
    assert.equal(line, ' texts scored            7,803  3,902/s  2s');
  });

  test('log lines go above active bars, straight to the stream otherwise', () => {
    const direct: string[] = [];
    const above: string[] = [];
    const bars = { isActive: false, log: (s: string) => void above.push(s) };
    const lines = new StderrLines({ write: (s: string) => direct.push(s) });
    lines.write('before bars\n');
    lines.attachBars(bars);
    lines.write('still no bars\n');
    bars.isActive = true;
    lines.write('while drawn\n');
    bars.isActive = false;
    lines.write('after\n');
    assert.deepEqual(direct, ['before bars\n', 'still no bars\n', 'after\n']);
    assert.deepEqual(above, ['while drawn\n']);
  });
});
