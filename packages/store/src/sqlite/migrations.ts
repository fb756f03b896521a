import type { DatabaseSync } from 'node:sqlite';
import { transaction } from './transaction.js';

/**
 * Schema changes, in order. Persisted data: never edit a migration that has shipped; add one.
 * Each runs once per database, inside the same transaction as its bookkeeping row.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'banks',
    sql: `
      CREATE TABLE banks (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE bank_entries (
        id INTEGER PRIMARY KEY,
        bank_id INTEGER NOT NULL REFERENCES banks(id),
        signal_type TEXT NOT NULL,
        signal TEXT NOT NULL,
        labels TEXT NOT NULL DEFAULT '{}',
        source TEXT NOT NULL,
        case_id TEXT,
        added_by TEXT NOT NULL,
        added_at TEXT NOT NULL,
        withdrawn_at TEXT
      );
      CREATE UNIQUE INDEX bank_entries_one_active
        ON bank_entries (bank_id, signal_type, signal) WHERE withdrawn_at IS NULL;
      CREATE INDEX bank_entries_by_bank ON bank_entries (bank_id, id);
      CREATE TABLE bank_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        entry_id INTEGER NOT NULL REFERENCES bank_entries(id),
        bank_id INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('add', 'withdraw')),
        at TEXT NOT NULL
      );
      CREATE INDEX bank_changes_by_bank ON bank_changes (bank_id, seq);
    `,
  },
  {
    version: 2,
    name: 'bank mirror cursors',
    sql: `
      CREATE TABLE bank_mirror_cursors (
        bank_id INTEGER NOT NULL REFERENCES banks(id),
        source TEXT NOT NULL,
        cursor INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (bank_id, source)
      );
    `,
  },
  {
    version: 3,
    name: 'organisations, users, keys, sessions, screenings',
    sql: `
      CREATE TABLE orgs (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        jurisdiction TEXT NOT NULL,
        subscriptions TEXT NOT NULL DEFAULT '["*"]',
        policy TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL
      );
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        org_id INTEGER NOT NULL REFERENCES orgs(id),
        email TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        disabled_at TEXT
      );
      CREATE TABLE api_keys (
        id INTEGER PRIMARY KEY,
        org_id INTEGER NOT NULL REFERENCES orgs(id),
        prefix TEXT NOT NULL UNIQUE,
        secret_hash TEXT NOT NULL,
        label TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE TABLE screenings (
        id TEXT PRIMARY KEY,
        org_id INTEGER NOT NULL REFERENCES orgs(id),
        content_id TEXT,
        url TEXT,
        verdict TEXT NOT NULL,
        media_kind TEXT NOT NULL,
        status TEXT NOT NULL,
        evidence TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX screenings_by_org ON screenings (org_id, created_at);
    `,
  },
  {
    version: 4,
    name: 'asynchronous screening jobs and webhook secrets',
    sql: `
      ALTER TABLE orgs ADD COLUMN webhook_secret TEXT;
      CREATE TABLE screen_jobs (
        id TEXT PRIMARY KEY,
        org_id INTEGER NOT NULL REFERENCES orgs(id),
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        callback_url TEXT NOT NULL,
        content_id TEXT,
        url TEXT,
        result TEXT,
        error TEXT,
        callback_status TEXT NOT NULL DEFAULT 'pending',
        callback_attempts INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX screen_jobs_queue ON screen_jobs (status, created_at);
    `,
  },
  {
    version: 5,
    name: 'audit log',
    sql: `
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        object_type TEXT NOT NULL,
        object_id TEXT NOT NULL,
        before_digest TEXT,
        after_digest TEXT,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE
      );
      CREATE INDEX audit_log_by_object ON audit_log (object_type, object_id, seq);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
  {
    version: 6,
    name: 'jobs',
    sql: `
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        run_at TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'dead', 'cancelled')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        dedupe_key TEXT,
        locked_until TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX jobs_due ON jobs (status, run_at);
      CREATE UNIQUE INDEX jobs_one_pending_per_key ON jobs (dedupe_key)
        WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running');
    `,
  },
  {
    version: 7,
    name: 'cases, platform domains, notices',
    sql: `
      CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        passphrase_hash TEXT,
        center_org_id INTEGER REFERENCES orgs(id),
        status TEXT NOT NULL CHECK (status IN ('open', 'withdrawn')),
        bank_id INTEGER NOT NULL REFERENCES banks(id),
        contact_sealed TEXT,
        face_embedding_sealed TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        withdrawn_at TEXT
      );
      CREATE TABLE case_urls (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        url TEXT NOT NULL,
        host TEXT NOT NULL,
        added_at TEXT NOT NULL,
        UNIQUE (case_id, url)
      );
      CREATE TABLE platform_domains (
        domain TEXT PRIMARY KEY,
        org_id INTEGER NOT NULL REFERENCES orgs(id)
      );
      CREATE TABLE notices (
        id INTEGER PRIMARY KEY,
        platform_org_id INTEGER NOT NULL REFERENCES orgs(id),
        case_id INTEGER REFERENCES cases(id),
        screening_id TEXT,
        url TEXT NOT NULL,
        state TEXT NOT NULL,
        jurisdiction TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        deadline_at TEXT NOT NULL,
        removed_at TEXT,
        dispute_reason TEXT,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX notices_one_open_per_url ON notices (platform_org_id, url)
        WHERE state NOT IN ('removed', 'withdrawn');
      CREATE INDEX notices_by_platform ON notices (platform_org_id, deadline_at);
      CREATE INDEX notices_by_case ON notices (case_id);
      CREATE TABLE notice_events (
        id INTEGER PRIMARY KEY,
        notice_id INTEGER NOT NULL REFERENCES notices(id),
        event TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        note TEXT
      );
      CREATE INDEX notice_events_by_notice ON notice_events (notice_id, id);
    `,
  },
  {
    version: 8,
    name: 'review queue',
    sql: `
      CREATE TABLE review_items (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        platform_org_id INTEGER NOT NULL REFERENCES orgs(id),
        screening_id TEXT REFERENCES screenings(id),
        notice_id INTEGER REFERENCES notices(id),
        status TEXT NOT NULL CHECK (status IN ('open', 'decided', 'appealed', 'final')),
        decision TEXT CHECK (decision IN ('remove', 'restore')),
        reason_code TEXT,
        decided_by TEXT,
        decided_at TEXT,
        appeal_reason TEXT,
        appealed_by TEXT,
        due_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX review_one_open_per_screening ON review_items (screening_id)
        WHERE screening_id IS NOT NULL AND status IN ('open', 'appealed');
      CREATE UNIQUE INDEX review_one_open_per_notice ON review_items (notice_id)
        WHERE notice_id IS NOT NULL AND status IN ('open', 'appealed');
      CREATE INDEX review_queue ON review_items (status, due_at);
    `,
  },
  {
    version: 9,
    name: 'platform webhook URLs',
    sql: `ALTER TABLE orgs ADD COLUMN webhook_url TEXT;`,
  },
  {
    version: 10,
    name: 'evidence',
    sql: `
      CREATE TABLE sealed_media (
        id TEXT PRIMARY KEY,
        screening_id TEXT NOT NULL UNIQUE REFERENCES screenings(id),
        sha256 TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        key_wrapped TEXT NOT NULL,
        iv BLOB NOT NULL,
        tag BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        created_at TEXT NOT NULL,
        purged_at TEXT
      );
      CREATE TABLE evidence_records (
        id TEXT PRIMARY KEY,
        subject_type TEXT NOT NULL CHECK (subject_type IN ('screening', 'notice')),
        subject_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        platform_org_id INTEGER NOT NULL REFERENCES orgs(id),
        case_id INTEGER REFERENCES cases(id),
        facts TEXT NOT NULL,
        facts_digest TEXT NOT NULL,
        media_id TEXT REFERENCES sealed_media(id),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        UNIQUE (subject_type, subject_id)
      );
      CREATE INDEX evidence_by_time ON evidence_records (created_at, id);
      CREATE TRIGGER evidence_records_fixed BEFORE UPDATE ON evidence_records
        BEGIN SELECT RAISE(ABORT, 'an evidence record is fixed once and never changed'); END;
      CREATE TRIGGER evidence_records_kept BEFORE DELETE ON evidence_records
        BEGIN SELECT RAISE(ABORT, 'an evidence record is fixed once and never changed'); END;
      CREATE TRIGGER sealed_media_preserved BEFORE UPDATE OF ciphertext ON sealed_media
        WHEN EXISTS (SELECT 1 FROM evidence_records WHERE media_id = OLD.id)
        BEGIN SELECT RAISE(ABORT, 'preserved media cannot be purged'); END;
    `,
  },
  {
    version: 11,
    name: "counsellors' case notes",
    sql: `
      CREATE TABLE case_notes (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        body_sealed TEXT NOT NULL,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX case_notes_by_case ON case_notes (case_id, id);
    `,
  },
  {
    version: 12,
    name: 'monitors',
    sql: `
      CREATE TABLE monitors (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('html', 'feed', 'sitemap', 'folder', 'webhook')),
        org_id INTEGER NOT NULL REFERENCES orgs(id),
        config TEXT NOT NULL,
        interval_seconds INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'paused')),
        created_at TEXT NOT NULL,
        last_run_at TEXT,
        last_run TEXT,
        last_error TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        runs INTEGER NOT NULL DEFAULT 0,
        items_seen INTEGER NOT NULL DEFAULT 0,
        matches INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE monitor_seen (
        monitor_id INTEGER NOT NULL REFERENCES monitors(id),
        url TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        sha256 TEXT,
        verdict TEXT,
        findings TEXT,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (monitor_id, url)
      );
      CREATE INDEX monitor_seen_by_content ON monitor_seen (sha256) WHERE sha256 IS NOT NULL;
      CREATE TABLE monitor_findings (
        id INTEGER PRIMARY KEY,
        monitor_id INTEGER NOT NULL REFERENCES monitors(id),
        url TEXT NOT NULL,
        page_url TEXT,
        published_at TEXT,
        seen_at TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        pdq TEXT,
        verdict TEXT NOT NULL,
        screening_id TEXT,
        notice_id INTEGER REFERENCES notices(id),
        status TEXT NOT NULL CHECK (status IN ('notice_sent', 'unassigned'))
      );
      CREATE INDEX monitor_findings_by_status ON monitor_findings (status, id);
      CREATE TABLE monitor_events (
        id INTEGER PRIMARY KEY,
        monitor_id INTEGER NOT NULL REFERENCES monitors(id),
        url TEXT NOT NULL,
        published_at TEXT,
        received_at TEXT NOT NULL,
        processed_at TEXT
      );
      CREATE INDEX monitor_events_pending ON monitor_events (monitor_id, id) WHERE processed_at IS NULL;
    `,
  },
  {
    version: 13,
    name: 'victims banks without case codes',
    // A case's bank was named after its code (`case-<code>`), which platforms could read; entries
    // named the case in their source. Both now say nothing about the case.
    sql: `
      UPDATE banks SET name = 'victim-' || id WHERE name LIKE 'case-%';
      UPDATE bank_entries SET source = 'victim report' WHERE source LIKE 'case %';
    `,
  },
  {
    version: 14,
    name: 'attempt counters',
    // Limits that hold across processes and restarts (sign-in failures, cases per address).
    sql: `
      CREATE TABLE attempt_counts (
        key TEXT PRIMARY KEY,
        window_start TEXT NOT NULL,
        count INTEGER NOT NULL
      );
    `,
  },
  {
    version: 15,
    name: 'derived crop hashes',
    // The hashes of an enrolled picture's crops, as a JSON array of {crop, signal}: part of the
    // entry (matched as it, withdrawn with it), so NULL for every entry before and most after.
    sql: `ALTER TABLE bank_entries ADD COLUMN derived TEXT;`,
  },
  {
    version: 16,
    name: 'screenings awaiting their detectors',
    // Only the few records whose detectors run after the answer (detectors: "async"): the sweep
    // that completes those a crash left behind reads this, never the whole table.
    sql: `CREATE INDEX screenings_detecting ON screenings (created_at) WHERE status = 'detecting';`,
  },
];

/**
 * Applies the migrations this database lacks. BEGIN IMMEDIATE takes the write lock first, so when
 * several processes start together one migrates and the others then find nothing to do.
 */
export function runMigrations(db: DatabaseSync): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  transaction(db, () => {
    const applied = new Set(
      db
        .prepare('SELECT version FROM schema_migrations')
        .all()
        .map((row) => (row as { version: number }).version),
    );
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    }
  });
}
