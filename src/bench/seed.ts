/** Confirmed subscribers in bulk for benchmarks: multi-row inserts, fast on both engines. */
import type { Database } from '../db/database.ts';

export async function seedSubscribers(db: Database, count: number, at = new Date()): Promise<void> {
  const perStatement = 500;
  const columns = 9;
  for (let start = 0; start < count; start += perStatement * 20) {
    await db.transaction(async (tx) => {
      for (let s = start; s < Math.min(count, start + perStatement * 20); s += perStatement) {
        const n = Math.min(perStatement, count - s);
        const values: (string | Date)[] = [];
        for (let i = s; i < s + n; i++) values.push(`bench${i}@example.com`, `Reader${i}`, 'confirmed', at, at, at, 'import', 'benchmark', at);
        const tuple = `(${Array(columns).fill('?').join(', ')})`;
        await tx.run(
          `INSERT INTO subscribers (email, first_name, status, created_at, updated_at, signup_at, signup_form, consent_text, confirmed_at) VALUES ${Array(n).fill(tuple).join(', ')}`,
          values,
        );
      }
    });
  }
}
