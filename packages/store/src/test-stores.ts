// Test support (not exported): every store on one connection, whichever backend it is.
import type { Org } from '@haechi/core';
import { afterEach, beforeEach } from 'vitest';
import { PostgresAuditLog } from './postgres/postgres-audit-log.js';
import { PostgresBankStore } from './postgres/postgres-bank-store.js';
import { PostgresRunner } from './postgres/postgres-runner.js';
import { SqliteAuditLog } from './sqlite/sqlite-audit-log.js';
import { SqliteBankStore } from './sqlite/sqlite-bank-store.js';
import { SqliteRunner } from './sqlite/sqlite-runner.js';
import { sqlStores, type Stores } from './stores/all-stores.js';
import type { Backend, Connection } from './test-backends.js';

export type TestStores = Stores;

/** The stores on `connection`; closing the connection is the backend's `dispose`. */
export function storesOn(connection: Connection): TestStores {
  const keepOpen = () => undefined;
  if (connection.kind === 'sqlite')
    return sqlStores(new SqliteRunner(connection.db), {
      banks: new SqliteBankStore(connection.db, keepOpen),
      audit: new SqliteAuditLog(connection.db),
      close: keepOpen,
    });
  return sqlStores(new PostgresRunner(connection.pool), {
    banks: new PostgresBankStore(connection.pool, async () => undefined),
    audit: new PostgresAuditLog(connection.pool),
    close: keepOpen,
  });
}

/**
 * Fresh, migrated, empty stores on `backend` for each test of the calling `describe`, disposed
 * after it.
 */
export function useStores(backend: Backend): () => TestStores {
  let stores: TestStores | undefined;
  let dispose: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    const opened = await backend.open();
    dispose = opened.dispose;
    stores = storesOn(opened.connection);
  });
  afterEach(async () => {
    await dispose?.();
    stores = undefined;
  });
  return () => {
    if (!stores) throw new Error('the stores exist only inside a test');
    return stores;
  };
}

/** A platform organisation (Korean jurisdiction, subscribed to every bank). */
export function addPlatform(stores: TestStores, name: string, at: string): Promise<Org> {
  return stores.access.createOrg({
    name,
    kind: 'platform',
    jurisdiction: 'KR',
    subscriptions: ['*'],
    policy: {},
    createdAt: at,
  });
}

/** Screenings held for review (the rows review items and retained media point to). */
export async function addHeldScreenings(
  stores: TestStores,
  platform: Org,
  ids: readonly string[],
  at: string,
): Promise<void> {
  for (const id of ids)
    await stores.screenings.saveScreening({
      id,
      orgId: platform.id,
      contentId: id,
      url: null,
      verdict: 'hold',
      mediaKind: 'image',
      status: 'pending_review',
      evidence: {},
      createdAt: at,
    });
}
