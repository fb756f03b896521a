// A platform's notices through their routes, in process on the whole composed server: what each
// platform sees, the transitions it may make and those it may not, and a reported removal checked
// by fetching the URL from the platform's own (local) site.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOrg, issueApiKey, setPlatformDomains } from '@haechi/access';
import { computePdq, formatHash256 } from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import { syntheticImage } from '@haechi/testkit/synthetic-images';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverForTests, type ServerForTests } from '../../server-for-tests.js';

const AT = '2026-12-05T09:00:00.000Z';
type Body = Record<string, unknown>;

describe('notice routes', () => {
  let site: Server;
  let port = 0;
  /** What the site still serves (a benign synthetic picture); any other path answers 404. */
  const served = new Map<string, Buffer>();
  let harness: ServerForTests<{ siteKey: string; otherKey: string }>;
  const ids: number[] = [];
  const call = (method: string, path: string, token: string, body?: unknown) =>
    harness.call(method, path, token, body);

  beforeAll(async () => {
    site = createServer((req, res) => {
      const bytes = served.get(req.url ?? '');
      if (bytes) res.writeHead(200, { 'content-type': 'image/jpeg' }).end(bytes);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    port = (site.address() as AddressInfo).port;
    harness = await serverForTests(
      async (stores) => {
        const keys: string[] = [];
        for (const [name, domain] of [
          ['site', 'site.example'],
          ['other', 'other.example'],
        ] as const) {
          const org = await createOrg(stores.access, {
            name,
            kind: 'platform',
            jurisdiction: 'KR',
            at: AT,
          });
          await setPlatformDomains(stores.access, org.id, [domain], { at: AT, actor: 't' });
          keys.push(
            (
              await issueApiKey(stores.access, {
                orgId: org.id,
                label: 'k',
                createdBy: 't',
                at: AT,
              })
            ).key,
          );
        }
        await createOrg(stores.access, {
          name: 'kcsc',
          kind: 'regulator',
          jurisdiction: 'KR',
          at: AT,
        });
        return { siteKey: keys[0] ?? '', otherKey: keys[1] ?? '' };
      },
      {
        // The platforms' hosts are this machine (a closed test): the removal check fetches from it.
        env: { HAECHI_FETCH_ALLOW_PRIVATE: 'true' },
        server: { resolveHost: () => Promise.resolve(['127.0.0.1']) },
      },
    );
    // A victim's case: her picture's hash and three URLs on the site (three notices).
    const picture = syntheticImage(240, 180, 21);
    const jpeg = await sharp(picture.data, { raw: { width: 240, height: 180, channels: 3 } })
      .jpeg()
      .toBuffer();
    served.set('/p/1', jpeg);
    const opened = await harness.call('POST', '/v1/cases', null, {
      passphrase: 'my own long passphrase',
      hashes: [
        { signalType: 'pdq', signal: formatHash256(computePdq(await decodeImage(jpeg)).hash) },
      ],
      urls: [1, 2, 3].map((n) => `http://site.example:${port}/p/${n}`),
    });
    expect(opened.status).toBe(201);
    const notices = (opened.body['status'] as { notices: Array<{ id: number }> }).notices;
    ids.push(...notices.map((n) => n.id));
  });
  afterAll(async () => {
    await harness?.close();
    await new Promise((resolve) => site.close(resolve));
  });

  it("lists a platform's own notices with the time left; another platform sees none of them", async () => {
    const { siteKey, otherKey } = harness.seeded;
    const listed = await call('GET', '/v1/notices', siteKey);
    expect(listed.status).toBe(200);
    const notices = listed.body['notices'] as Body[];
    expect(notices.map((n) => [n['id'], n['state'], n['jurisdiction']])).toEqual(
      ids.map((id) => [id, 'sent', 'KR']),
    );
    const secondsLeft = notices[0]?.['secondsLeft'] as number;
    expect(secondsLeft).toBeGreaterThan(23 * 3600);
    expect(secondsLeft).toBeLessThanOrEqual(24 * 3600);
    expect((await call('GET', '/v1/notices', otherKey)).body['notices']).toEqual([]);
    const noSuch = {
      status: 404,
      body: { error: { code: 'not_found', message: 'no such notice' } },
    };
    expect(await call('GET', `/v1/notices/${ids[0]}`, otherKey)).toEqual(noSuch);
    expect(await call('POST', `/v1/notices/${ids[0]}/acknowledge`, otherKey)).toEqual(noSuch);
  });

  it('acknowledges once, and refuses a transition the state does not allow', async () => {
    const { siteKey } = harness.seeded;
    const acknowledged = await call('POST', `/v1/notices/${ids[0]}/acknowledge`, siteKey);
    expect([acknowledged.status, acknowledged.body['state']]).toEqual([200, 'acknowledged']);
    const again = await call('POST', `/v1/notices/${ids[0]}/acknowledge`, siteKey);
    expect(again.status).toBe(409);
    expect((again.body['error'] as Body)['code']).toBe('invalid_transition');
  });

  it('needs a reason to dispute, and a disputed notice waits for the regulator', async () => {
    const { siteKey } = harness.seeded;
    expect(await call('POST', `/v1/notices/${ids[1]}/dispute`, siteKey, { reason: ' ' })).toEqual({
      status: 400,
      body: { error: { code: 'invalid_input', message: 'a dispute needs a reason' } },
    });
    const disputed = await call('POST', `/v1/notices/${ids[1]}/dispute`, siteKey, {
      reason: 'this is a licensed photo of a consenting model',
    });
    expect(disputed.body).toMatchObject({
      state: 'disputed',
      disputeReason: 'this is a licensed photo of a consenting model',
    });
  });

  it('checks a reported removal at the URL: still served is reopened, gone is removed', async () => {
    const { siteKey } = harness.seeded;
    // /p/1 still serves her picture: the report is not true.
    const reported = await call('POST', `/v1/notices/${ids[0]}/removed`, siteKey);
    expect(reported.body['state']).toBe('removal_reported');
    await harness.server.runDueJobs();
    expect((await call('GET', `/v1/notices/${ids[0]}`, siteKey)).body['state']).toBe('reopened');

    // /p/3 answers 404: removed, with the time it was verified.
    await call('POST', `/v1/notices/${ids[2]}/removed`, siteKey);
    await harness.server.runDueJobs();
    const removed = await call('GET', `/v1/notices/${ids[2]}`, siteKey);
    expect(removed.body['state']).toBe('removed');
    expect(removed.body['removedAt']).toEqual(expect.any(String));
  });
});
