import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./support/start-and-close.ts', import.meta.url));

/** Runs the script to its end: its exit code and what it printed. */
const run = (detectors: string) =>
  new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', SCRIPT, detectors],
      (_error, stdout) => resolve({ code: child.exitCode, stdout }),
    );
  });

// A process that embeds the server (a script, a test, the OpenAPI generator) ends once the server
// is closed: nothing it started (the image hashers, the face model's thread, timers) stays behind.
describe('closing a server started in process', () => {
  it('ends the process, with every detector loaded (the face model runs in its own thread)', async () => {
    expect(await run('face,nudity,provenance')).toEqual({
      code: 0,
      stdout: 'answered 200, closed\n',
    });
  });
});
