import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg, issueApiKey } from '@haechi/access';
import type { DetectorImage } from '@haechi/core';
import { FaceEmbedder } from '@haechi/detection';
import { decodeImage } from '@haechi/media';
import { loadConfig, startServer, type RunningServer } from '@haechi/server';
import { openEmbeddedStores } from '@haechi/store';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callJson } from './support/json-api.js';
import { SHARED_TESTDATA, hasSharedTestdata } from '@haechi/testkit/shared-testdata';

let dir: string;
let server: RunningServer;
let key = '';
const photo = (person: string, n: number) =>
  new Uint8Array(
    readFileSync(
      join(
        SHARED_TESTDATA,
        'faces',
        person,
        readdirSync(join(SHARED_TESTDATA, 'faces', person)).sort()[n],
      ),
    ),
  );
const api = (method: string, path: string, token?: string, body?: unknown) =>
  callJson(server.url, method, path, token, body);
async function faceScore(bytes: Uint8Array): Promise<number | undefined> {
  const response = await fetch(`${server.url}/v1/screen`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'image/jpeg' },
    body: Buffer.from(bytes),
  });
  const answer = (await response.json()) as { scores: Array<{ detector: string; score: number }> };
  return answer.scores.find((s) => s.detector === 'face')?.score;
}

describe.skipIf(!hasSharedTestdata)(
  'enrolled faces in screening (../shared/testdata/faces)',
  () => {
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'haechi-faces-'));
      server = await startServer(
        loadConfig({
          HAECHI_DATA: dir,
          PORT: '0',
          LOG_LEVEL: 'silent',
          HAECHI_MASTER_KEY: 'c'.repeat(64),
        }),
      );
      // The platform is made through the store the server shares (SQLite, WAL).
      const stores = openEmbeddedStores(dir);
      const at = new Date().toISOString();
      const org = await createOrg(stores.access, {
        name: 'webtoon',
        kind: 'platform',
        jurisdiction: 'KR',
        at,
      });
      key = (await issueApiKey(stores.access, { orgId: org.id, label: 't', createdBy: 'test', at }))
        .key;
      await stores.close();
    });
    afterAll(async () => {
      await server?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('finds her enrolled face in a new photo, not other people, and forgets it when she withdraws', async () => {
      const people = readdirSync(join(SHARED_TESTDATA, 'faces')).sort();
      const [her, someoneElse] = [people[0], people[1]];
      // On her device: three photos of herself become three vectors; no picture is sent.
      const device = await FaceEmbedder.load();
      const vectors: number[][] = [];
      for (const n of [0, 1, 2]) {
        const [face] = await device.embed((await decodeImage(photo(her, n))) as DetectorImage);
        vectors.push([...face.embedding]);
      }
      expect((await faceScore(photo(her, 3))) ?? 'none').toBe('none'); // nobody enrolled yet
      const wrong = await api('POST', '/v1/cases', undefined, {
        passphrase: 'her own long passphrase',
        urls: ['https://example.org/x'],
        faceEmbeddings: [[0.5, 0.25, 0.125]],
      });
      expect([wrong.status, wrong.body.error.message]).toEqual([
        400,
        "a face embedding is 1024 finite numbers, not all zero (the face model's)",
      ]);
      const opened = await api('POST', '/v1/cases', undefined, {
        passphrase: 'her own long passphrase',
        urls: ['https://example.org/x'],
        faceEmbeddings: vectors,
      });
      expect(opened.status).toBe(201);
      expect(await faceScore(photo(her, 3))).toBeGreaterThanOrEqual(0.5);
      expect(await faceScore(photo(someoneElse, 0))).toBeLessThan(0.5);
      // Sealed at rest; deleted with the case.
      const db = new DatabaseSync(join(dir, 'haechi.db'), { readOnly: true });
      const sealed = () =>
        (db.prepare('SELECT face_embedding_sealed AS f FROM cases').get() as { f: string | null })
          .f;
      expect(sealed()).toMatch(/^v1\.[0-9a-f]{8}\./);
      const withdrawn = await api(
        'POST',
        `/v1/cases/${opened.body.code}/withdraw`,
        opened.body.token,
      );
      expect(withdrawn.body.status).toBe('withdrawn');
      expect(sealed()).toBeNull();
      db.close();
      expect((await faceScore(photo(her, 3))) ?? 'none').toBe('none');
    });
  },
);
