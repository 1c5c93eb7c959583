import { formatMoney, parseMoney } from '../lib/money';
import { toInstant, toLocalInput } from '../lib/time';

describe('money in major units', () => {
  it('shows minor units as major units', () => {
    expect(formatMoney(1888)).toBe('18.88');
    expect(formatMoney(5)).toBe('0.05');
    expect(formatMoney(300000)).toBe('3000.00');
    expect(formatMoney(undefined)).toBe('');
  });

  it('reads major units as exact minor units', () => {
    expect(parseMoney('18.88')).toBe(1888);
    expect(parseMoney('18.8')).toBe(1880);
    expect(parseMoney('18')).toBe(1800);
    expect(parseMoney('0.29')).toBe(29); // 0.29 * 100 is 28.999... in floating point
    expect(parseMoney('1.234')).toBeNull();
    expect(parseMoney('-1')).toBeNull();
    expect(parseMoney('abc')).toBeNull();
  });
});

describe('times', () => {
  it('sends a local date and time as a UTC instant and shows it back', () => {
    const instant = toInstant('2026-11-21T10:00');
    expect(instant).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(new Date(instant!).getHours()).toBe(10);
    expect(toLocalInput(instant)).toBe('2026-11-21T10:00');
    expect(toLocalInput(toInstant('2026-11-21T10:00:30'))).toBe('2026-11-21T10:00:30');
    expect(toInstant('')).toBeNull();
  });
});
