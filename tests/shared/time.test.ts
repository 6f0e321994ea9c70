import { describe, expect, it } from 'vitest';
import { formatOffset, isIsoDateTimeWithOffset, parseZonedInstant, toSourceLocalIso } from '../../shared/time.ts';

describe('zoned instants', () => {
  it('stores UTC and keeps the source offset', () => {
    expect(parseZonedInstant('2026-11-22T10:05:00+01:00')).toEqual({ utc: '2026-11-22T09:05:00.000Z', offsetMinutes: 60 });
    expect(parseZonedInstant('2026-11-22T10:05:00.250-04:30')).toEqual({ utc: '2026-11-22T14:35:00.250Z', offsetMinutes: -270 });
    expect(parseZonedInstant('2026-11-22T10:05:00Z').offsetMinutes).toBe(0);
    expect(parseZonedInstant('2026-11-22T10:05:00+0530').offsetMinutes).toBe(330);
  });

  it('refuses times without an offset or that are not times', () => {
    expect(isIsoDateTimeWithOffset('2026-11-22T10:05:00')).toBe(false);
    expect(isIsoDateTimeWithOffset('2026-11-22')).toBe(false);
    expect(isIsoDateTimeWithOffset('yesterday')).toBe(false);
    expect(isIsoDateTimeWithOffset('2026-13-45T10:05:00Z')).toBe(false);
    expect(() => parseZonedInstant('2026-11-22T10:05:00')).toThrow(RangeError);
  });

  it('refuses impossible calendar dates, offsets and years instead of rolling them over', () => {
    expect(isIsoDateTimeWithOffset('2026-02-30T10:00:00Z')).toBe(false);
    expect(isIsoDateTimeWithOffset('2026-02-28T24:00:00Z')).toBe(false);
    expect(isIsoDateTimeWithOffset('2026-02-28T10:61:00Z')).toBe(false);
    expect(isIsoDateTimeWithOffset('2028-02-29T10:00:00Z')).toBe(true);
    expect(isIsoDateTimeWithOffset('2026-11-22T10:00:00+23:59')).toBe(false);
    expect(isIsoDateTimeWithOffset('2026-11-22T10:00:00+14:00')).toBe(true);
    expect(isIsoDateTimeWithOffset('0001-11-22T10:00:00Z')).toBe(false);
  });

  it('shows an instant as the source wrote it', () => {
    const instant = parseZonedInstant('2026-11-22T23:30:00-05:00');
    expect(toSourceLocalIso(instant)).toBe('2026-11-22T23:30:00.000-05:00');
    expect(formatOffset(-270)).toBe('-04:30');
    expect(formatOffset(0)).toBe('+00:00');
  });
});
