// Calendar dates (src/core/model/dates.ts) against JavaScript's Date, which is exact for years 100-9999
// and, with setUTCFullYear, for years 0-99 too (Date.UTC reads those as 1900-1999).
import * as assert from 'node:assert/strict';
import { addDuration, daysInMonth, formatDate, parseDate, parseDuration } from '../../src/core/model/dates';

const MS_PER_DAY = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Days since 1970-01-01 by Date, or undefined when Date rolls the day over (not a real date). */
function reference(year: number, month: number, day: number): number | undefined {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.getTime() / MS_PER_DAY;
}

describe('dates', () => {
  it('parses every day of 1896-2104 and years 0000-0100 as Date does, and rejects the days that do not exist', () => {
    const years = [...Array.from({ length: 209 }, (_, i) => 1896 + i), ...Array.from({ length: 101 }, (_, i) => i), 1600, 1700, 2400, 9999];
    for (const year of years) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= 31; day++) {
          const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
          assert.equal(parseDate(text), reference(year, month, day), text);
        }
      }
    }
    assert.equal(parseDate('0000-02-29'), reference(0, 2, 29), 'year 0 is a leap year');
    assert.equal(parseDate('0026-11-27'), parseDate('2026-11-27')! - 730_485, 'year 26, not 1926');
  });

  it('rejects anything but YYYY-MM-DD', () => {
    for (const text of ['2026-11-27 ', ' 2026-11-27', '2026-1-27', '2026/11/27', '20261127', '2026-11-2a', '２０２６-11-27', '2026-00-10', '2026-13-01', '2026-11-00', '2026-02-29', '+026-11-27', '-026-11-27', '2026-11-27\n', '', 20261127, null, undefined]) {
      assert.equal(parseDate(text), undefined, JSON.stringify(text));
    }
  });

  it('formats what it parses', () => {
    for (const text of ['0000-01-01', '0026-11-27', '1969-12-31', '1970-01-01', '2024-02-29', '2026-11-27', '9999-12-31']) {
      assert.equal(formatDate(parseDate(text)!), text);
    }
  });

  it('adds months and years calendar-wise, clamped to the last day of the month', () => {
    const add = (date: string, duration: string) => formatDate(addDuration(parseDate(date)!, parseDuration(duration)!));
    assert.equal(add('2026-01-31', 'P1M'), '2026-02-28');
    assert.equal(add('2024-01-31', 'P1M'), '2024-02-29');
    assert.equal(add('2024-02-29', 'P1Y'), '2025-02-28');
    assert.equal(add('2026-11-27', 'P12M'), '2027-11-27');
    assert.equal(add('2026-11-27', 'P14M'), '2028-01-27');
    assert.equal(add('0099-12-31', 'P1M'), '0100-01-31');
    assert.equal(add('2026-11-27', 'P2W'), '2026-12-11');
    assert.equal(add('2026-11-27', 'P0D'), '2026-11-27');
    // Against Date for a decade of start days and every month count up to two years.
    for (let day = parseDate('2020-01-01')!; day < parseDate('2030-12-31')!; day += 3) {
      const start = new Date(day * MS_PER_DAY);
      for (let months = 0; months <= 24; months++) {
        const target = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 1));
        const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
        target.setUTCDate(Math.min(start.getUTCDate(), lastDay));
        assert.equal(addDuration(day, { amount: months, unit: 'M' }), target.getTime() / MS_PER_DAY, `${formatDate(day)} + P${months}M`);
      }
    }
    assert.equal(daysInMonth(1900, 2), 28);
    assert.equal(daysInMonth(2000, 2), 29);
  });
});
