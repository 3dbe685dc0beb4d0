// How much slower than an idle machine this one runs now, for the deadlines of waits on CPU-bound work.
import { availableParallelism, loadavg } from 'node:os';

/**
 * The 1-minute load per core, at least 1. Waits for process starts, catch-ups and batches are CPU-bound, so
 * their deadlines are given for an idle machine and scaled by this: on a shared 2-core machine at load 20-29 a
 * `watch` or `serve` process took more than the 30 s meant for its start, which is no fault of it; on an idle
 * CI runner this is 1 and the deadlines are as written.
 */
export function loadFactor(): number {
  return Math.max(1, loadavg()[0] / availableParallelism());
}
