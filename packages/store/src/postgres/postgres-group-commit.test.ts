import { verifyAuditChain, type ScreeningRecord } from '@haechi/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Text } from '../sqlite/sqlite-audit-log.js';
import { SqlScreeningStore } from '../stores/screening-store.js';
import { BACKENDS } from '../test-backends.js';
import { addPlatform, storesOn, type TestStores } from '../test-stores.js';
import { openPostgresPool, type PostgresPool } from './postgres-pool.js';
import { PostgresRunner } from './postgres-runner.js';

const AT = '2026-12-06T09:00:00.000Z';
const postgres = BACKENDS.find((b) => b.name === 'PostgreSQL');

const record = (id: string, orgId: number): ScreeningRecord => ({
  id,
  orgId,
  contentId: id,
  url: null,
  verdict: 'block',
  mediaKind: 'hashes',
  status: 'final',
  evidence: { reasons: [] },
  createdAt: AT,
});

describe.skipIf(!postgres)('group commit of screenings on PostgreSQL (DATABASE_URL)', () => {
  let pool: PostgresPool;
  let stores: TestStores;
  let orgId: number;
  let dispose: () => Promise<void>;
  const others: PostgresPool[] = [];

  beforeEach(async () => {
    const opened = await postgres!.open();
    dispose = opened.dispose;
    if (opened.connection.kind !== 'postgres') throw new Error('expected PostgreSQL');
    pool = opened.connection.pool;
    stores = storesOn(opened.connection);
    orgId = (await addPlatform(stores, 'platform', AT)).id;
  });
  afterEach(async () => {
    await Promise.all(others.splice(0).map((p) => p.end()));
    await dispose();
  });

  /** A second server process's view: its own pool, runner and screening store. */
  const writer = (on = pool) => {
    const runner = new PostgresRunner(on);
    return { runner, screenings: new SqlScreeningStore(runner, () => undefined) };
  };
  const chain = async () => {
    const entries = await stores.audit.list({ afterSeq: 0, limit: 1000 });
    return { entries, verdict: verifyAuditChain(entries, sha256Text) };
  };

  it('commits screenings that arrive together in one transaction, each its own link of the chain', async () => {
    const { runner, screenings } = writer();
    const ids = Array.from({ length: 20 }, (_, i) => `scr_${String(i).padStart(2, '0')}`);
    const seenAtResolve: boolean[] = [];
    const observer = openPostgresPool(process.env['DATABASE_URL']!, {
      schema: (await pool.query<{ s: string }>('SELECT current_schema() AS s')).rows[0].s,
    });
    others.push(observer);
    await Promise.all(
      ids.map(async (id) => {
        await screenings.saveScreening(record(id, orgId), 'key:test');
        // Resolved only once committed: another connection already sees the row.
        const seen = await observer.query('SELECT 1 FROM screenings WHERE id = $1', [id]);
        seenAtResolve.push(seen.rowCount === 1);
      }),
    );
    expect(runner.groupCommit.batches).toBe(1);
    expect(seenAtResolve).toEqual(ids.map(() => true));
    const { entries, verdict } = await chain();
    const recorded = entries.filter((e) => e.action === 'screening.recorded');
    expect(recorded.map((e) => e.objectId)).toEqual(ids);
    expect(verdict).toMatchObject({ ok: true, count: entries.length });
  });

  it('fails only the unit that fails; the others commit and the chain still links', async () => {
    const { runner, screenings } = writer();
    const results = await Promise.allSettled(
      ['scr_a', 'scr_b', 'scr_a', 'scr_c'].map((id) =>
        screenings.saveScreening(record(id, orgId), 'key:test'),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(((results[2] as PromiseRejectedResult).reason as { code: string }).code).toBe('23505');
    // The batch of four rolled back; each ran again alone, and three of those committed.
    expect(runner.groupCommit.batches).toBe(3);
    const { entries, verdict } = await chain();
    expect(entries.filter((e) => e.action === 'screening.recorded').map((e) => e.objectId)).toEqual(
      ['scr_a', 'scr_b', 'scr_c'],
    );
    expect(verdict).toMatchObject({ ok: true, count: entries.length });
    const { rows } = await pool.query('SELECT id FROM screenings ORDER BY id');
    expect(rows.map((r: { id: string }) => r.id)).toEqual(['scr_a', 'scr_b', 'scr_c']);
  });

  it('keeps one chain when several processes commit batches at once', async () => {
    const schema = (await pool.query<{ s: string }>('SELECT current_schema() AS s')).rows[0].s;
    const writers = [0, 1, 2].map(() => {
      const own = openPostgresPool(process.env['DATABASE_URL']!, { schema, max: 3 });
      others.push(own);
      return writer(own);
    });
    // Each writer submits in waves, so batches from different processes interleave.
    await Promise.all(
      writers.map(async (one, w) => {
        for (let wave = 0; wave < 5; wave++)
          await Promise.all(
            Array.from({ length: 6 }, (_, i) =>
              one.screenings.saveScreening(record(`scr_${w}_${wave}_${i}`, orgId), 'key:t'),
            ),
          );
      }),
    );
    const { entries, verdict } = await chain();
    expect(entries.filter((e) => e.action === 'screening.recorded')).toHaveLength(90);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    expect(verdict).toMatchObject({ ok: true, count: entries.length });
    for (const one of writers) expect(one.runner.groupCommit.batches).toBe(5);
  });

  it('leaves a chain in which an entry edited behind the triggers is named', async () => {
    const { screenings } = writer();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        screenings.saveScreening(record(`scr_e${i}`, orgId), 'key:t'),
      ),
    );
    const { entries } = await chain();
    const target = entries.find((e) => e.objectId === 'scr_e4');
    expect(target).toBeDefined();
    // As someone with the database's own rights would: the triggers are bypassed for one update.
    const client = await pool.connect();
    try {
      await client.query(`SET session_replication_role = replica`);
      await client.query(`UPDATE audit_log SET details = '{"verdict":"allow"}' WHERE seq = $1`, [
        target!.seq,
      ]);
    } finally {
      await client.query(`SET session_replication_role = origin`);
      client.release();
    }
    expect((await chain()).verdict).toEqual({
      ok: false,
      count: target!.seq - 1,
      seq: target!.seq,
      reason: 'its content does not match its hash (the entry was edited)',
    });
  });
});
