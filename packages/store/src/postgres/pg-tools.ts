import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { AppError } from '@haechi/core';

/**
 * libpq's environment for `url`, so the client tools connect as the server does without the
 * password appearing on a command line (where `ps` would show it).
 */
export function libpqEnvironment(url: string): NodeJS.ProcessEnv {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('invalid_input', 'DATABASE_URL is not a URL (postgres://user@host:port/db)');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    throw new AppError(
      'invalid_input',
      'DATABASE_URL must start with postgres:// or postgresql://',
    );
  const env: NodeJS.ProcessEnv = {};
  const set = (name: string, value: string | null | undefined) => {
    if (value) env[name] = value;
  };
  set('PGHOST', parsed.searchParams.get('host') ?? decodeURIComponent(parsed.hostname));
  set('PGPORT', parsed.port);
  set('PGUSER', decodeURIComponent(parsed.username));
  set('PGPASSWORD', decodeURIComponent(parsed.password));
  set('PGDATABASE', decodeURIComponent(parsed.pathname.replace(/^\//, '')));
  set('PGSSLMODE', parsed.searchParams.get('sslmode'));
  return env;
}

/** What a PostgreSQL client tool printed, or why it failed. */
interface ToolRun {
  readonly onLine?: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Runs `pg_dump`/`pg_restore` and resolves with its stdout (or streams it line by line to
 * `onLine`); a missing tool or a non-zero exit is an AppError with the tool's own message.
 */
export function runPgTool(tool: string, args: readonly string[], run: ToolRun): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, {
      env: { ...process.env, ...run.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let lineError: unknown = null;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 64 * 1024) stderr += chunk;
    });
    if (run.onLine) {
      const onLine = run.onLine;
      createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
        if (lineError) return;
        try {
          onLine(line);
        } catch (error) {
          lineError = error;
          child.kill();
        }
      });
    } else child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new AppError(
              'invalid_input',
              `${tool} not found: install PostgreSQL's client tools, of the server's major version or newer (Debian: postgresql-client)`,
            )
          : error,
      ),
    );
    child.on('close', (code) => {
      if (lineError) reject(lineError);
      else if (code === 0) resolve(stdout);
      else
        reject(
          new AppError('invalid_input', `${tool} failed: ${stderr.trim().split('\n').join('; ')}`),
        );
    });
  });
}
