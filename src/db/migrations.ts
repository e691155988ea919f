/**
 * The schema, as ordered migrations numbered alike on both engines. Each runs once, in a
 * transaction, and is recorded in schema_migrations. Later features append; never edit a
 * migration that has shipped.
 */
import type { Engine } from './database.ts';

export interface Migration {
  version: number;
  name: string;
  sql: Record<Engine, string>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'subscribers and suppressions',
    sql: {
      sqlite: `
        CREATE TABLE subscribers (
          id INTEGER PRIMARY KEY,
          email TEXT NOT NULL UNIQUE,
          first_name TEXT,
          status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'bounced')),
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          signup_at TEXT NOT NULL,
          signup_ip TEXT,
          signup_user_agent TEXT,
          signup_form TEXT,
          consent_text TEXT,
          confirmed_at TEXT,
          confirm_ip TEXT,
          unsubscribed_at TEXT,
          bounced_at TEXT
        );
        CREATE INDEX subscribers_status ON subscribers (status, id);
        CREATE TABLE suppressions (
          email_hash TEXT PRIMARY KEY,
          reason TEXT NOT NULL,
          created_at TEXT NOT NULL
        );`,
      postgres: `
        CREATE TABLE subscribers (
          id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          email TEXT NOT NULL UNIQUE,
          first_name TEXT,
          status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'bounced')),
          created_at TIMESTAMPTZ NOT NULL,
          updated_at TIMESTAMPTZ NOT NULL,
          signup_at TIMESTAMPTZ NOT NULL,
          signup_ip TEXT,
          signup_user_agent TEXT,
          signup_form TEXT,
          consent_text TEXT,
          confirmed_at TIMESTAMPTZ,
          confirm_ip TEXT,
          unsubscribed_at TIMESTAMPTZ,
          bounced_at TIMESTAMPTZ
        );
        CREATE INDEX subscribers_status ON subscribers (status, id);
        CREATE TABLE suppressions (
          email_hash TEXT PRIMARY KEY,
          reason TEXT NOT NULL,
          created_at TIMESTAMPTZ NOT NULL
        );`,
    },
  },
  {
    version: 2,
    name: 'deliveries ledger and sends',
    sql: {
      sqlite: `
        CREATE TABLE deliveries (
          issue INTEGER NOT NULL,
          subscriber_id INTEGER NOT NULL,
          email TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'bounced', 'skipped', 'uncertain')),
          attempts INTEGER NOT NULL DEFAULT 0,
          last_response TEXT,
          message_id TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          sent_at TEXT,
          PRIMARY KEY (issue, subscriber_id)
        );
        CREATE INDEX deliveries_status ON deliveries (issue, status, subscriber_id);
        CREATE TABLE sends (
          issue INTEGER PRIMARY KEY,
          started_at TEXT NOT NULL,
          finished_at TEXT,
          status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'stopped'))
        );`,
      postgres: `
        CREATE TABLE deliveries (
          issue INTEGER NOT NULL,
          subscriber_id BIGINT NOT NULL,
          email TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'bounced', 'skipped', 'uncertain')),
          attempts INTEGER NOT NULL DEFAULT 0,
          last_response TEXT,
          message_id TEXT,
          created_at TIMESTAMPTZ NOT NULL,
          updated_at TIMESTAMPTZ NOT NULL,
          sent_at TIMESTAMPTZ,
          PRIMARY KEY (issue, subscriber_id)
        );
        CREATE INDEX deliveries_status ON deliveries (issue, status, subscriber_id);
        CREATE TABLE sends (
          issue INTEGER PRIMARY KEY,
          started_at TIMESTAMPTZ NOT NULL,
          finished_at TIMESTAMPTZ,
          status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'stopped'))
        );`,
    },
  },
  {
    version: 3,
    name: 'delivery claims with a lease, for several senders',
    sql: {
      // Which sender holds a row and until when: a sender that dies leaves its claims to expire.
      sqlite: `
        ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
        ALTER TABLE deliveries ADD COLUMN lease_until TEXT;
        CREATE INDEX deliveries_claims ON deliveries (issue, status, claimed_by);`,
      postgres: `
        ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
        ALTER TABLE deliveries ADD COLUMN lease_until TIMESTAMPTZ;
        CREATE INDEX deliveries_claims ON deliveries (issue, status, claimed_by);`,
      },
    },
  {
    version: 4,
    name: 'mail outbox for signup emails',
    sql: {
      sqlite: `
        CREATE TABLE mail_outbox (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          kind TEXT NOT NULL CHECK (kind IN ('confirm', 'welcome')),
          subscriber_id INTEGER NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'dropped')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at TEXT NOT NULL,
          claimed_by TEXT,
          lease_until TEXT,
          last_error TEXT,
          message_id TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          sent_at TEXT
        );
        CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
        CREATE INDEX mail_outbox_subscriber ON mail_outbox (subscriber_id, kind, created_at);`,
      postgres: `
        CREATE TABLE mail_outbox (
          id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('confirm', 'welcome')),
          subscriber_id BIGINT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'dropped')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at TIMESTAMPTZ NOT NULL,
          claimed_by TEXT,
          lease_until TIMESTAMPTZ,
          last_error TEXT,
          message_id TEXT,
          created_at TIMESTAMPTZ NOT NULL,
          updated_at TIMESTAMPTZ NOT NULL,
          sent_at TIMESTAMPTZ
        );
        CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
        CREATE INDEX mail_outbox_subscriber ON mail_outbox (subscriber_id, kind, created_at);`,
    },
  },
  {
    version: 5,
    name: 'keyed suppression hashes; subscriber ids never reused',
    sql: {
      // SQLite reuses the highest rowid after a delete unless the key is AUTOINCREMENT: an
      // erased subscriber's id (and so an old token's subject) must never come back.
      sqlite: `
        ALTER TABLE suppressions ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE subscribers_v5 (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          email TEXT NOT NULL UNIQUE,
          first_name TEXT,
          status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'bounced')),
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          signup_at TEXT NOT NULL,
          signup_ip TEXT,
          signup_user_agent TEXT,
          signup_form TEXT,
          consent_text TEXT,
          confirmed_at TEXT,
          confirm_ip TEXT,
          unsubscribed_at TEXT,
          bounced_at TEXT
        );
        INSERT INTO subscribers_v5 SELECT id, email, first_name, status, created_at, updated_at, signup_at, signup_ip, signup_user_agent, signup_form, consent_text, confirmed_at, confirm_ip, unsubscribed_at, bounced_at FROM subscribers;
        DROP TABLE subscribers;
        ALTER TABLE subscribers_v5 RENAME TO subscribers;
        CREATE INDEX subscribers_status ON subscribers (status, id);`,
      postgres: `
        ALTER TABLE suppressions ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;`,
    },
  },
  {
    version: 6,
    name: 'feedback events: bounces and complaints reported after the send',
    sql: {
      // event_id is the idempotency key: the same report read twice (or redelivered by SNS) is one row.
      // No address is kept: subscriber_id names the reader, and an erase clears the diagnostic.
      sqlite: `
        CREATE TABLE feedback_events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          event_id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('bounce', 'complaint', 'delivery')),
          severity TEXT CHECK (severity IN ('permanent', 'transient')),
          subscriber_id INTEGER NOT NULL,
          issue INTEGER,
          source TEXT NOT NULL CHECK (source IN ('dsn', 'arf', 'heuristic', 'ses')),
          status_code TEXT,
          diagnostic TEXT,
          verdict TEXT NOT NULL CHECK (verdict IN ('bounced', 'complained', 'soft-counted', 'soft-limit', 'ignore')),
          occurred_at TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE INDEX feedback_events_subscriber ON feedback_events (subscriber_id, kind, occurred_at);
        CREATE INDEX feedback_events_issue ON feedback_events (issue, kind);`,
      postgres: `
        CREATE TABLE feedback_events (
          id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          event_id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('bounce', 'complaint', 'delivery')),
          severity TEXT CHECK (severity IN ('permanent', 'transient')),
          subscriber_id BIGINT NOT NULL,
          issue INTEGER,
          source TEXT NOT NULL CHECK (source IN ('dsn', 'arf', 'heuristic', 'ses')),
          status_code TEXT,
          diagnostic TEXT,
          verdict TEXT NOT NULL CHECK (verdict IN ('bounced', 'complained', 'soft-counted', 'soft-limit', 'ignore')),
          occurred_at TIMESTAMPTZ NOT NULL,
          created_at TIMESTAMPTZ NOT NULL
        );
        CREATE INDEX feedback_events_subscriber ON feedback_events (subscriber_id, kind, occurred_at);
        CREATE INDEX feedback_events_issue ON feedback_events (issue, kind);`,
    },
  },
  {
    version: 7,
    name: 'claims index over leased rows only, without status',
    sql: {
      // Marking a row "sending" (once per message) changed a column of the old index, so every
      // send paid for updating it. The claims index now holds only rows under a lease (claimed
      // and not yet finished, a few batches at a time) by holder; status is no longer in it.
      // Queries must imply lease_until IS NOT NULL for either engine to use a partial index.
      sqlite: `
        DROP INDEX deliveries_claims;
        CREATE INDEX deliveries_claims ON deliveries (issue, claimed_by) WHERE lease_until IS NOT NULL;`,
      postgres: `
        DROP INDEX deliveries_claims;
        CREATE INDEX deliveries_claims ON deliveries (issue, claimed_by) WHERE lease_until IS NOT NULL;`,
    },
  },
  {
    version: 8,
    name: 'feedback events from refusals during a send or an outbox delivery',
    sql: {
      // A 5.1.x refusal while sending is recorded like a bounce that comes back later (source 'send' for
      // the weekly issue, 'outbox' for a confirmation or welcome). SQLite cannot change a CHECK in place.
      sqlite: `
        CREATE TABLE feedback_events_v8 (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          event_id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('bounce', 'complaint', 'delivery')),
          severity TEXT CHECK (severity IN ('permanent', 'transient')),
          subscriber_id INTEGER NOT NULL,
          issue INTEGER,
          source TEXT NOT NULL CHECK (source IN ('dsn', 'arf', 'heuristic', 'ses', 'send', 'outbox')),
          status_code TEXT,
          diagnostic TEXT,
          verdict TEXT NOT NULL CHECK (verdict IN ('bounced', 'complained', 'soft-counted', 'soft-limit', 'ignore')),
          occurred_at TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
        INSERT INTO feedback_events_v8 SELECT id, event_id, kind, severity, subscriber_id, issue, source, status_code, diagnostic, verdict, occurred_at, created_at FROM feedback_events;
        DROP TABLE feedback_events;
        ALTER TABLE feedback_events_v8 RENAME TO feedback_events;
        CREATE INDEX feedback_events_subscriber ON feedback_events (subscriber_id, kind, occurred_at);
        CREATE INDEX feedback_events_issue ON feedback_events (issue, kind);`,
      postgres: `
        ALTER TABLE feedback_events DROP CONSTRAINT feedback_events_source_check;
        ALTER TABLE feedback_events ADD CONSTRAINT feedback_events_source_check CHECK (source IN ('dsn', 'arf', 'heuristic', 'ses', 'send', 'outbox'));`,
    },
  },
  {
    version: 9,
    name: 'preference page: pauses and address changes',
    sql: {
      // paused_until: no issue is planned for the reader before then; afterwards they receive again by themselves.
      // pending_email: a new address waiting for its confirmation (mail still goes to email until then);
      // previous_email: the address before the last confirmed change, kept with the consent record.
      // The outbox learns a third kind, 'change': the confirmation sent to a pending new address.
      sqlite: `
        ALTER TABLE subscribers ADD COLUMN paused_until TEXT;
        ALTER TABLE subscribers ADD COLUMN pending_email TEXT;
        ALTER TABLE subscribers ADD COLUMN pending_email_at TEXT;
        ALTER TABLE subscribers ADD COLUMN previous_email TEXT;
        ALTER TABLE subscribers ADD COLUMN email_changed_at TEXT;
        CREATE TABLE mail_outbox_v9 (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          kind TEXT NOT NULL CHECK (kind IN ('confirm', 'welcome', 'change')),
          subscriber_id INTEGER NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'dropped')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at TEXT NOT NULL,
          claimed_by TEXT,
          lease_until TEXT,
          last_error TEXT,
          message_id TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          sent_at TEXT
        );
        INSERT INTO mail_outbox_v9 SELECT id, kind, subscriber_id, status, attempts, next_attempt_at, claimed_by, lease_until, last_error, message_id, created_at, updated_at, sent_at FROM mail_outbox;
        DROP TABLE mail_outbox;
        ALTER TABLE mail_outbox_v9 RENAME TO mail_outbox;
        CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
        CREATE INDEX mail_outbox_subscriber ON mail_outbox (subscriber_id, kind, created_at);`,
      postgres: `
        ALTER TABLE subscribers ADD COLUMN paused_until TIMESTAMPTZ;
        ALTER TABLE subscribers ADD COLUMN pending_email TEXT;
        ALTER TABLE subscribers ADD COLUMN pending_email_at TIMESTAMPTZ;
        ALTER TABLE subscribers ADD COLUMN previous_email TEXT;
        ALTER TABLE subscribers ADD COLUMN email_changed_at TIMESTAMPTZ;
        ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check;
        ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check CHECK (kind IN ('confirm', 'welcome', 'change'));`,
    },
  },
  {
    version: 10,
    name: 'click counts per issue and pick, no reader in them',
    sql: {
      // One row per issue, pick and day: how many clicks people made and how many were filtered as automated.
      // Nothing names a reader: no address, id, IP, user agent or cookie.
      sqlite: `
        CREATE TABLE pick_clicks (
          issue INTEGER NOT NULL,
          pick INTEGER NOT NULL,
          day TEXT NOT NULL,
          clicks INTEGER NOT NULL DEFAULT 0,
          automated INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (issue, pick, day)
        );`,
      postgres: `
        CREATE TABLE pick_clicks (
          issue INTEGER NOT NULL,
          pick INTEGER NOT NULL,
          day TEXT NOT NULL,
          clicks INTEGER NOT NULL DEFAULT 0,
          automated INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (issue, pick, day)
        );`,
    },
  },
];

/** The schema version this code expects. */
export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;
