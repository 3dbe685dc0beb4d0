// A `serve` in a process of its own with test seams (a short job lease), for tests that kill it.
// Usage: node serve-process.js --serve '{"urls":{...},"jobHeartbeatMs":100}'; prints {"url":...} on stdout once listening.
// Does nothing without --serve (the test runner loads every file under test/).
import { createLogger } from '../../src/log.js';
import { createServer } from '../../src/server/app.js';
import { configFor } from './serve-fixture.js';

if (process.argv[2] === '--serve') {
  const { urls, jobHeartbeatMs } = JSON.parse(process.argv[3]) as { urls: { analytics: string; auth: string; social: string; messaging: string }; jobHeartbeatMs?: number };
  const server = await createServer({ config: configFor({ ...urls, drop: async () => {} }), urls, logger: createLogger({ level: 'warn' }), jobHeartbeatMs });
  const { url } = await server.listen(0, '127.0.0.1');
  process.stdout.write(JSON.stringify({ url }) + '\n');
}
