#!/usr/bin/env node
// Mends two defects of postgres-js 3.4.x that crash a process when PostgreSQL goes away
// mid-work (found by the database-restart fault test; reproduced by halting PostgreSQL
// under transactions, `services/db/test/outage.test.ts`). Run by the root postinstall, so
// `npm ci` leaves a patched driver; idempotent; refuses any other version, so an upgrade
// is a decision (postgres 4 is a rewrite) rather than a silent loss of the fix.
//
// 1. A closed connection keeps its write timer and buffered bytes and is not marked
//    terminated: `sql.begin`'s ROLLBACK/COMMIT after the socket closed is written from a
//    setImmediate with `socket === null` → TypeError, uncaught. Now the timer and buffer
//    are cleared and the connection counts as terminated until it connects again, so such
//    a query is rejected (CONNECTION_DESTROYED) instead.
// 2. The array-type lookup after connect is an async call nobody awaits: if the connection
//    closes during it, the rejection is unhandled, which ends a Node process. Now it is
//    caught, and the next connection looks the types up again.
// 3. A connection closed by a socket error kept its current query, and any query queued
//    after the error (the transaction's ROLLBACK) was never rejected: once reconnected, the
//    next query queued behind that stale one and its results went to the wrong promise, so
//    the connection hung for good (a killed backend in a transaction, four times with a
//    pool of four, and every later query waited forever). Now whatever is pending is
//    rejected on close, whatever the cause, and the connection starts clean.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// The package's own directory (its exports do not include package.json): up from its entry.
const require = createRequire(join(import.meta.dirname, "../package.json"));
let root = dirname(require.resolve("postgres"));
const manifestOf = (dir) => {
  const path = join(dir, "package.json");
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
};
while (manifestOf(root).name !== "postgres") root = dirname(root);
const { version } = manifestOf(root);
// The ESM sources (what Node and the bundles load) and the CommonJS copy.
const files = ["src/connection.js", "cjs/src/connection.js"].map((f) => join(root, f));
const marker = "// trellis: patched (services/db/scripts/patch-postgres-js.mjs)";

const edits = [
  [
    "    clearImmediate(nextWriteTimer)\n    socket.removeListener('data', data)",
    "    clearImmediate(nextWriteTimer)\n    nextWriteTimer = chunk = null\n    socket.removeListener('data', data)",
  ],
  [
    "    socket.removeAllListeners()\n    socket = null\n",
    "    socket.removeAllListeners()\n    socket = null\n    terminated = true\n",
  ],
  [
    "        return fetchArrayTypes()\n",
    "        return fetchArrayTypes().catch(() => { needsTypes = options.fetch_types })\n",
  ],
  [
    "    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n",
    "    ;(query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n    query = null\n",
  ],
];

if (!/^3\.4\./.test(version)) {
  console.error(
    `patch-postgres-js: postgres ${version} is not 3.4.x; check whether it still needs ${import.meta.filename}`,
  );
  process.exit(1);
}
for (const file of files) {
  let source = readFileSync(file, "utf8");
  if (source.includes(marker)) continue;
  for (const [from, to] of edits) {
    if (source.split(from).length !== 2) {
      console.error(
        `patch-postgres-js: postgres ${version}'s ${file} no longer has the expected code:\n${from}`,
      );
      process.exit(1);
    }
    source = source.replace(from, to);
  }
  writeFileSync(file, `${source}\n${marker}\n`);
  console.log(
    `patched postgres ${version}: ${file.slice(root.length + 1)} (closed connections, array-type lookup, pending queries on close)`,
  );
}
