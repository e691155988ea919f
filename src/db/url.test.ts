import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl, redactDatabaseUrl } from './url.ts';

describe('parseDatabaseUrl', () => {
  it('reads SQLite files, plain paths and memory databases', () => {
    expect(parseDatabaseUrl('file:data/tips.db')).toEqual({ engine: 'sqlite', path: 'data/tips.db' });
    expect(parseDatabaseUrl('file:///srv/tips/tips.db')).toEqual({ engine: 'sqlite', path: '/srv/tips/tips.db' });
    expect(parseDatabaseUrl('/tmp/x.db')).toEqual({ engine: 'sqlite', path: '/tmp/x.db' });
    expect(parseDatabaseUrl(':memory:')).toEqual({ engine: 'sqlite', path: ':memory:' });
  });
  it('reads both PostgreSQL schemes', () => {
    expect(parseDatabaseUrl('postgres://u:p@db:5432/tips').engine).toBe('postgres');
    expect(parseDatabaseUrl('postgresql://u:p@db/tips?sslmode=require').engine).toBe('postgres');
  });
});

describe('redactDatabaseUrl', () => {
  it('never prints the password', () => {
    expect(redactDatabaseUrl('postgres://tips:s3cret@db.example.com:5432/tips?sslmode=require')).toBe('postgres://tips@db.example.com:5432/tips');
    expect(redactDatabaseUrl('file:data/tips.db')).toBe('data/tips.db');
  });
});
