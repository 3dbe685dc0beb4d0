// How far batching can speed a transformer up on this CPU: onnxruntime's own matrix-product peak beside what BERT-base reaches.
//
// Batching helps when one input leaves the hardware idle (a GPU, or per-call overhead). On a CPU a single 128-token
// BERT input is already a chain of [128 x 768] x [768 x 3072]-sized products; if those run near the speed of the
// largest products onnxruntime can do, no batch size can multiply throughput. This measures that ceiling.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { writeOnnxModel } from '../tools/onnx-writer.js';
import type { BertShape } from '../tools/random-bert-model.js';

export interface MatmulResult {
  rows: number;
  inner: number;
  cols: number;
  threads: number;
  gflopsPerSecond: number;
}

/** GFLOP/s of one [rows x inner] x [inner x cols] float32 MatMul in onnxruntime-node, best of 3 rounds of >= 1 s. */
export async function measureMatmul(rows: number, inner: number, cols: number, threads: number): Promise<MatmulResult> {
  const dir = mkdtempSync(join(tmpdir(), 'aura-matmul-'));
  try {
    const path = join(dir, 'matmul.onnx');
    const weights = new Float32Array(inner * cols);
    for (let i = 0; i < weights.length; i++) weights[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
    writeOnnxModel(path, {
      opset: 13,
      name: 'matmul',
      nodes: [{ op: 'MatMul', inputs: ['x', 'w'], outputs: ['y'] }],
      initializers: [{ name: 'w', type: 'float32', dims: [inner, cols], data: weights }],
      inputs: [{ name: 'x', type: 'float32', shape: ['rows', inner] }],
      outputs: [{ name: 'y', type: 'float32', shape: ['rows', cols] }],
    });
    const session = await InferenceSession.create(path, { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
    const input = new Tensor('float32', Float32Array.from({ length: rows * inner }, (_, i) => (i % 7) / 7), [rows, inner]);
    for (let i = 0; i < 3; i++) await session.run({ x: input });
    let best = 0;
    for (let round = 0; round < 3; round++) {
      let n = 0;
      const start = performance.now();
      while (performance.now() - start < 1000) {
        await session.run({ x: input });
        n++;
      }
      const seconds = (performance.now() - start) / 1000;
      best = Math.max(best, (2 * rows * inner * cols * n) / seconds / 1e9);
    }
    await session.release();
    return { rows, inner, cols, threads, gflopsPerSecond: Math.round(best * 10) / 10 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Multiply-adds x 2 of one sequence of `tokens` through the encoder: Q, K, V and output projections
 * (4 x 2 L H^2), attention scores and weighted values (2 x 2 L^2 H), the feed-forward pair (2 x 2 L H I).
 * Embedding lookups, layer norms, softmax and the classifier are left out (under 1%).
 */
export function bertFlopsPerText(shape: Pick<BertShape, 'layers' | 'hidden' | 'intermediate'>, tokens: number): number {
  const { layers, hidden: h, intermediate: i } = shape;
  return layers * (8 * tokens * h * h + 4 * tokens * tokens * h + 4 * tokens * h * i);
}
