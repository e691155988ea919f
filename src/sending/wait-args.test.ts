import { describe, expect, it } from 'vitest';
import { parseWait, pollInterval, waitText } from './wait-args.ts';

describe('--wait', () => {
  it('reads seconds, minutes and hours', () => {
    expect(parseWait('90s')).toBe(90_000);
    expect(parseWait('15m')).toBe(900_000);
    expect(parseWait('1h')).toBe(3_600_000);
    expect(parseWait('600')).toBe(600_000);
  });
  it.each(['0s', '13h', 'soon', '-5m', '1.5h'])('refuses %j, saying what it takes', (text) => {
    expect(() => parseWait(text)).toThrow(`--wait must be a time from 1s to 12h such as 90s, 15m or 1h (got "${text}")`);
  });
  it('checks about 30 times over the wait, every 1 to 30 seconds', () => {
    expect(pollInterval(30 * 60_000)).toBe(30_000);
    expect(pollInterval(60_000)).toBe(2000);
    expect(pollInterval(5000)).toBe(1000);
  });
  it('prints a wait as people write it', () => {
    expect(waitText(900_000)).toBe('15m');
    expect(waitText(5_430_000)).toBe('1h 30m 30s');
  });
});
