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
];

/** The schema version this code expects. */
export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;
