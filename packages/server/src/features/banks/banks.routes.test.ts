// The banks' routes in process (app.request()) on a real store: what a platform sees of the banks,
// and that no list, count or name tells one victim's case from another.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg, createUser, issueApiKey, login } from '@haechi/access';
import { ensureBank, importHashList } from '@haechi/banks';
import { openEmbeddedStores, type EmbeddedStores } from '@haechi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appForTests } from '../../http/app-for-tests.js';
import { banksFeature } from './banks.feature.js';

const AT = '2026-12-05T09:00:00.000Z';
const hex = (digit: string) => digit.repeat(64);

describe('banks routes', () => {
  let dir: string;
  let stores: EmbeddedStores;
  let app: ReturnType<typeof appForTests>;
  let platformKey = '';
  let counsellor = '';
  const get = async (path: string, token: string) => {
    const response = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'haechi-banks-routes-'));
    stores = openEmbeddedStores(dir);
    const platform = await createOrg(stores.access, {
      name: 'p',
      kind: 'platform',
      jurisdiction: 'KR',
      at: AT,
    });
    platformKey = (
      await issueApiKey(stores.access, { orgId: platform.id, label: 't', createdBy: 't', at: AT })
    ).key;
    await createOrg(stores.access, {
      name: 'dsc',
      kind: 'support_center',
      jurisdiction: 'KR',
      at: AT,
    });
    await createUser(stores.access, {
      org: 'dsc',
      email: 'c@dsc.example',
      displayName: 'C',
      role: 'counsellor',
      password: 'a counsellor passphrase',
      at: AT,
    });
    counsellor = (
      await login(
        stores.access,
        { email: 'c@dsc.example', password: 'a counsellor passphrase' },
        new Date(),
      )
    ).token;
    for (const [bank, digits] of [
      ['confirmed', ['a', 'b']],
      ['victim-3f9a1c', ['c']],
      ['victim-77be20', ['d', 'e']],
    ] as const) {
      await ensureBank(stores.banks, {
        name: bank,
        description: `${bank} bank`,
        createdBy: 't',
        at: AT,
      });
      await importHashList(stores.banks, {
        bank,
        lines: digits.map((d) => hex(d)),
        source: 'test',
        addedBy: 't',
        at: AT,
      });
    }
    app = appForTests([banksFeature(stores.banks)], { access: stores.access });
  });
  afterAll(async () => {
    await stores?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('folds every case bank into one victim-reported line with the summed counts', async () => {
    expect(await get('/v1/banks', platformKey)).toEqual({
      status: 200,
      body: {
        banks: [
          {
            name: 'confirmed',
            description: 'confirmed bank',
            activeEntries: 2,
            withdrawnEntries: 0,
          },
          {
            name: 'victim-reported',
            description: 'hashes victims reported (one bank per case)',
            activeEntries: 3,
            withdrawnEntries: 0,
          },
        ],
      },
    });
  });

  it('reads the victims’ changes as one bank in the feed, under its public name', async () => {
    const page = await get('/v1/banks/feed?bank=victim-reported', platformKey);
    expect(page.status).toBe(200);
    expect(page.body['more']).toBe(false);
    const changes = page.body['changes'] as Array<{ bank: string; signal: string; op: string }>;
    expect(changes.map((c) => [c.op, c.bank, c.signal])).toEqual([
      ['add', 'victim-reported', hex('c')],
      ['add', 'victim-reported', hex('d')],
      ['add', 'victim-reported', hex('e')],
    ]);
  });

  it('refuses a counsellor and a caller with no credential, before reading the query', async () => {
    expect(await get('/v1/banks/feed?limit=oops', counsellor)).toEqual({
      status: 403,
      body: {
        error: { code: 'forbidden', message: 'this needs the role platform or admin or reviewer' },
      },
    });
    const anonymous = await app.request('/v1/banks');
    expect(anonymous.status).toBe(401);
  });
});
