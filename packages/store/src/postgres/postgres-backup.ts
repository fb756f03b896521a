import { createHash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { AppError, UnorderedAuditChainVerifier } from '@haechi/core';
import { MIGRATIONS } from '../sqlite/migrations.js';
import { sha256Text } from '../sqlite/sqlite-audit-log.js';
import type { BackupSummary } from '../sqlite/backup-restore.js';
import { CopyTableReader } from './copy-text.js';
import { libpqEnvironment, runPgTool } from './pg-tools.js';
import { toEntry } from '../rows/audit-rows.js';
import { RowShapeError } from '../rows/row-reader.js';
import { applicationName, openPostgresPool } from './postgres-pool.js';

export interface PostgresBackupSummary extends BackupSummary {
  /** The schema the backup holds (restored under the same name). */
  readonly schema: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function schemaOf(schema: string | undefined): string {
  const name = schema ?? 'public';
  if (!SCHEMA_NAME.test(name))
    throw new AppError('invalid_input', `not a schema name: ${JSON.stringify(name)}`);
  return name;
}

async function fileDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Checks a `pg_dump --format=custom` file offline (pg_restore reads it; no database is touched):
 * one schema holding a Haechi store no newer than this code, and an audit log whose whole chain
 * verifies, streamed from the file's own data.
 */
export async function inspectPostgresBackup(file: string): Promise<PostgresBackupSummary> {
  const toc = await runPgTool('pg_restore', ['--list', file], { env: {} }).catch(
    (error: AppError) => {
      throw new AppError(
        'invalid_input',
        `${file} is not a PostgreSQL backup (${error.message.replace(/^pg_restore failed: /, '')})`,
      );
    },
  );
  const schemas = [...toc.matchAll(/^\d+; \d+ \d+ TABLE (\S+) schema_migrations /gm)].map(
    (m) => m[1],
  );
  if (schemas.length !== 1)
    throw new AppError(
      'invalid_input',
      schemas.length === 0
        ? `${file} is not a Haechi store (no schema_migrations table)`
        : `${file} holds ${schemas.length} Haechi schemas; back up one at a time`,
    );
  const schema = schemas[0];
  const readTable = (table: string, onRow: (row: Record<string, string | null>) => void) => {
    const reader = new CopyTableReader(table, onRow);
    return runPgTool(
      'pg_restore',
      ['--data-only', `--schema=${schema}`, `--table=${table}`, '--file=-', file],
      {
        env: {},
        onLine: (line) => {
          try {
            reader.push(line);
          } catch (error) {
            if (error instanceof AppError) throw error;
            throw new AppError('invalid_input', `${file}: ${table}: ${(error as Error).message}`);
          }
        },
      },
    ).then(() => {
      if (!reader.found) throw new AppError('invalid_input', `${file} has no ${table} data`);
    });
  };

  let version = 0;
  await readTable('schema_migrations', (row) => {
    version = Math.max(version, Number(row['version']));
  });
  const newest = MIGRATIONS.at(-1)?.version ?? 0;
  if (version > newest)
    throw new AppError(
      'invalid_input',
      `${file} has schema ${version}, newer than this Haechi (${newest})`,
    );

  // A dump lists rows as they lie on disk, not by seq: the links are checked in seq order after.
  const verifier = new UnorderedAuditChainVerifier(sha256Text);
  await readTable('audit_log', (row) => {
    try {
      verifier.push(toEntry(row));
    } catch (error) {
      if (!(error instanceof RowShapeError)) throw error;
      throw new AppError(
        'invalid_input',
        `${file}: an audit entry is unreadable: ${error.message}`,
      );
    }
  });
  const verdict = verifier.result();
  if (!verdict.ok)
    throw new AppError(
      'invalid_input',
      `${file}: the audit log is broken at entry #${verdict.seq}: ${verdict.reason}`,
    );
  return {
    file,
    schema,
    bytes: statSync(file).size,
    sha256: await fileDigest(file),
    schemaVersion: version,
    auditEntries: verdict.count,
    auditHead: verdict.count > 0 ? verdict.headHash : null,
  };
}

/**
 * A consistent backup of one deployment's schema while servers run (pg_dump reads one snapshot),
 * checked as a restore would check it before it takes the file's name. Keys are not in it.
 */
export async function backupPostgres(
  url: string,
  schema: string | undefined,
  outFile: string,
): Promise<PostgresBackupSummary> {
  const name = schemaOf(schema);
  if (existsSync(outFile))
    throw new AppError('invalid_input', `${outFile} exists: choose a new file`);
  const pool = openPostgresPool(url, { max: 1, role: 'haechi-backup' });
  try {
    const { rows } = await pool.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [
      `${name}.schema_migrations`,
    ]);
    if (!rows[0]?.t)
      throw new AppError('invalid_input', `no Haechi store in schema "${name}" of DATABASE_URL`);
  } finally {
    await pool.end();
  }
  const partial = `${outFile}.partial`;
  try {
    // Created private first; pg_dump writes into it and keeps its mode.
    closeSync(openSync(partial, 'wx', 0o600));
    await runPgTool(
      'pg_dump',
      ['--format=custom', '--no-password', `--schema=${name}`, `--file=${partial}`],
      { env: libpqEnvironment(url) },
    );
    const summary = await inspectPostgresBackup(partial);
    renameSync(partial, outFile);
    return { ...summary, file: outFile };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * Replaces a deployment's schema with a checked backup of it. Refused while a server is connected
 * to that schema. The schema it replaces is renamed `<schema>_before_restore_<time>`, never
 * dropped; the restore runs in one transaction, so a failure leaves the old schema in place.
 */
export async function restorePostgres(
  url: string,
  schema: string | undefined,
  inFile: string,
  now: Date = new Date(),
): Promise<PostgresBackupSummary & { keptAs: string | null }> {
  const name = schemaOf(schema);
  if (!existsSync(inFile)) throw new AppError('invalid_input', `no such file: ${inFile}`);
  const summary = await inspectPostgresBackup(inFile);
  if (summary.schema !== name)
    throw new AppError(
      'invalid_input',
      `${inFile} holds schema "${summary.schema}", not "${name}": set HAECHI_DATABASE_SCHEMA=${summary.schema} to restore it`,
    );
  const env = libpqEnvironment(url);
  const pool = openPostgresPool(url, { max: 1, role: 'haechi-restore' });
  try {
    const { rows: servers } = await pool.query<{ n: number }>(
      `SELECT COUNT(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = $1`,
      [applicationName('haechi-server', schema)],
    );
    if ((servers[0]?.n ?? 0) > 0)
      throw new AppError(
        'invalid_input',
        `a server is using schema "${name}": stop it before restoring`,
      );
    const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15).toLowerCase();
    const suffix = `_before_restore_${stamp}`;
    const aside = `${name.slice(0, 63 - suffix.length)}${suffix}`;
    const { rows: existing } = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
      name,
    ]);
    const keptAs = existing.length > 0 ? aside : null;
    if (keptAs) await pool.query(`ALTER SCHEMA ${name} RENAME TO ${keptAs}`);
    try {
      await runPgTool(
        'pg_restore',
        [
          '--no-owner',
          '--no-privileges',
          '--no-password',
          '--exit-on-error',
          '--single-transaction',
          `--dbname=${env['PGDATABASE'] ?? env['PGUSER'] ?? 'postgres'}`,
          inFile,
        ],
        { env },
      );
    } catch (error) {
      if (keptAs) {
        await pool.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
        await pool.query(`ALTER SCHEMA ${keptAs} RENAME TO ${name}`);
      }
      throw error;
    }
    return { ...summary, keptAs };
  } finally {
    await pool.end();
  }
}
