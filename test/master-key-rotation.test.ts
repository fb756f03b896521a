import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callJson } from './support/json-api.js';
import { runCli } from './support/run-cli.js';
import { startServerProcess, type ServerProcess } from './support/run-server.js';

const OLD_KEY = '1'.repeat(64);
const NEW_KEY = '2'.repeat(64);
const PEOPLE = {
  admin: { email: 'admin@ops.example.kr', password: 'an admin passphrase' },
  counsellor: { email: 'c@center.example.kr', password: 'a counsellor passphrase' },
};
let dir: string;
let server: ServerProcess | undefined;
const cli = (args: string[], stdin?: string) => runCli(args, { HAECHI_DATA: dir }, stdin);

async function serve(keys: { HAECHI_MASTER_KEY: string; HAECHI_PREVIOUS_MASTER_KEYS?: string }) {
  await server?.stop();
  server = await startServerProcess(dir, { HAECHI_DETECTORS: '', LOG_LEVEL: 'warn', ...keys });
  return server.url;
}
async function signIn(url: string, who: keyof typeof PEOPLE): Promise<string> {
  const answer = await callJson(url, 'POST', '/v1/auth/login', undefined, PEOPLE[who]);
  return answer.body['token'] as string;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'haechi-rotation-'));
  await cli(['admin', 'create-org', 'ops', '--kind', 'operator']);
  await cli(['admin', 'create-org', 'center', '--kind', 'support_center']);
  for (const [who, org, role] of [
    ['admin', 'ops', 'admin'],
    ['counsellor', 'center', 'counsellor'],
  ] as const)
    await cli(
      ['admin', 'create-user', PEOPLE[who].email, '--org', org, '--role', role],
      `${PEOPLE[who].password}\n`,
    );
});
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

// An operator rotates the master key: new key in, old key kept until everything is re-sealed.
describe('rotating the master key', () => {
  it('re-seals every value under the new key, after which the old key can be retired', async () => {
    let url = await serve({ HAECHI_MASTER_KEY: OLD_KEY });
    let counsellor = await signIn(url, 'counsellor');
    const opened = await callJson(url, 'POST', '/v1/cases', counsellor, {
      urls: ['https://somewhere.example/p/1'],
      contact: { phone: '010-1234-5678' },
    });
    expect(opened.status).toBe(201);
    const code = opened.body['code'] as string;
    await callJson(url, 'POST', `/v1/cases/${code}/notes`, counsellor, {
      text: 'she asked us to call after 6 pm',
    });

    url = await serve({ HAECHI_MASTER_KEY: NEW_KEY, HAECHI_PREVIOUS_MASTER_KEYS: OLD_KEY });
    counsellor = await signIn(url, 'counsellor');
    expect((await callJson(url, 'POST', '/v1/admin/master-key/reseal', counsellor)).status).toBe(
      403,
    );
    const admin = await signIn(url, 'admin');
    const report = await callJson(url, 'POST', '/v1/admin/master-key/reseal', admin);
    expect(report).toMatchObject({
      status: 200,
      body: {
        resealed: {
          'case.contact': 1,
          'case.face_embedding': 0,
          'case_note.body': 1,
          'sealed_media.key': 0,
          'org.webhook_secret': 0,
        },
        alreadyCurrent: 0,
        unreadable: {},
      },
    });

    // The old key retired: everything still opens.
    url = await serve({ HAECHI_MASTER_KEY: NEW_KEY });
    counsellor = await signIn(url, 'counsellor');
    const notes = await callJson(url, 'GET', `/v1/cases/${code}/notes`, counsellor);
    expect((notes.body['notes'] as Array<{ text: string }>).map((n) => n.text)).toEqual([
      'she asked us to call after 6 pm',
    ]);
    const audit = await cli(['audit', 'list']);
    expect(audit.stdout).toMatch(/"action":"keys\.resealed"/);
    expect((await cli(['audit', 'verify'])).code).toBe(0);
  });
});
