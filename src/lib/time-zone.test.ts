import { describe, expect, it } from 'vitest';
import { isTimeZone, zonedInstant, zonedText } from './time-zone.ts';

describe('zonedInstant', () => {
  it('reads a local time in the zone, summer and winter', () => {
    expect(zonedInstant('2026-12-07', '06:00', 'Europe/Berlin').toISOString()).toBe('2026-12-07T05:00:00.000Z');
    expect(zonedInstant('2026-07-06', '06:00', 'Europe/Berlin').toISOString()).toBe('2026-07-06T04:00:00.000Z');
    expect(zonedInstant('2026-12-07', '06:00', 'America/Los_Angeles').toISOString()).toBe('2026-12-07T14:00:00.000Z');
    expect(zonedInstant('2026-12-07', '06:00', 'Asia/Tokyo').toISOString()).toBe('2026-12-06T21:00:00.000Z');
    expect(zonedInstant('2026-12-07', '23:59', 'UTC').toISOString()).toBe('2026-12-07T23:59:00.000Z');
  });

  it('moves a time skipped in spring forward and takes the first of a repeated autumn time', () => {
    // Europe/Berlin: 29 March 2026 02:00 → 03:00; 25 October 2026 03:00 → 02:00.
    expect(zonedInstant('2026-03-29', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedInstant('2026-10-25', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedInstant('2026-03-29', '06:00', 'Europe/Berlin').toISOString()).toBe('2026-03-29T04:00:00.000Z');
  });

  it('prints an instant as the zone reads it', () => {
    expect(zonedText(new Date('2026-12-07T05:00:00Z'), 'Europe/Berlin')).toBe('Mon, 7 Dec 2026, 06:00 Europe/Berlin');
  });

  it('knows real zone names only', () => {
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
