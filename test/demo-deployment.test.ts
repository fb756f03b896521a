import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '@haechi/server';
import { serveDemo } from '../packages/cli/src/demo/deployment/serve-demo.js';
import { callJson } from './support/json-api.js';

// `haechi demo --serve`: a deployment with every role and days of history, served.
describe('the demo deployment', () => {
  let dir = '';
  let server: RunningServer;
  const lines: string[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haechi-demo-'));
    server = await serveDemo({
      dataDir: join(dir, 'demo'),
      port: 0,
      host: '127.0.0.1',
      clockRate: 1,
      days: 4,
      log: (line) => lines.push(line),
    });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a sign-in for every role, and each one works', async () => {
    const people = lines
      .map((l) =>
        /^(\S+)\s+(admin|platform|counsellor|reviewer|investigator|analyst)\s+(\S+)\s+(\S+)$/.exec(
          l,
        ),
      )
      .filter((m) => m !== null);
    expect(people.map((m) => m[2]).sort()).toEqual([
      'admin',
      'analyst',
      'counsellor',
      'investigator',
      'platform',
      'platform',
      'reviewer',
    ]);
    for (const m of people) {
      const login = await callJson(server.url, 'POST', '/v1/auth/login', undefined, {
        email: m[3],
        password: m[4],
      });
      expect(login.status, m[3]).toBe(200);
      const me = await callJson(server.url, 'GET', '/v1/me', login.body.token);
      expect(me.body.role).toBe(m[2]);
    }
  });

  it('leaves notices in several states, screenings, held uploads and monitor findings', async () => {
    const signIn = async (email: string) => {
      const line = lines.find((l) => l.includes(` ${email} `)) as string;
      const password = line.trim().split(/\s+/).at(-1);
      return (await callJson(server.url, 'POST', '/v1/auth/login', undefined, { email, password }))
        .body.token as string;
    };
    const webtoon = await signIn('ops@webtoon.example');
    const notices = (await callJson(server.url, 'GET', '/v1/notices?limit=1000', webtoon)).body
      .notices as Array<{ state: string }>;
    expect(notices.length).toBeGreaterThanOrEqual(2);
    const states = new Set(notices.map((n) => n.state));
    expect(states.has('removed') || states.has('verified') || states.has('closed')).toBe(true);
    const screenings = (await callJson(server.url, 'GET', '/v1/screenings', webtoon)).body
      .screenings as Array<{ verdict: string }>;
    expect(screenings.map((s) => s.verdict)).toContain('block');
    const counsellor = await signIn('counsellor@dsc.example');
    // The forum no platform answers for: its monitor's findings wait in the counsellors' queue.
    await vi.waitFor(
      async () => {
        const findings = (await callJson(server.url, 'GET', '/v1/monitor-findings', counsellor))
          .body.findings as Array<{ status: string; url: string }>;
        expect(findings.map((f) => [f.status, new URL(f.url).hostname])).toContainEqual([
          'unassigned',
          'forum.example',
        ]);
      },
      { timeout: 60_000, interval: 200 },
    );
    const reviewer = await signIn('reviewer@kcsc.example');
    const review = (await callJson(server.url, 'GET', '/v1/review', reviewer)).body.items as Array<{
      kind: string;
    }>;
    expect(review.map((i) => i.kind)).toContain('held_screening');
  });
});
