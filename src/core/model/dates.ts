// Calendar dates as the ISMS format writes them: `YYYY-MM-DD` strings, compared without time zones.

const DURATION_PATTERN = /^P(\d+)([DWMY])$/;
const MS_PER_DAY = 86_400_000;

/**
 * A calendar date as days since 1970-01-01 (proleptic Gregorian, years 0000-9999), or undefined
 * when not a real `YYYY-MM-DD` date. Called for every date of every record by the rules, so it
 * reads the characters directly (no regex match, no Date objects).
 */
export function parseDate(text: unknown): number | undefined {
  if (typeof text !== 'string' || text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return daysFromCivil(year, month, day);
}

/** The number written by the ASCII digits text[from..to), or -1 if any is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

// Days from and to a civil date, after Howard Hinnant's algorithms ("chrono-Compatible Low-Level
// Date Algorithms"): exact for every year, unlike Date.UTC, which reads years 0-99 as 1900-1999.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isRealDate(text: unknown): boolean {
  return parseDate(text) !== undefined;
}

export function formatDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Today in the local time zone, as the default as-of date. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1];
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

export function addDays(day: number, days: number): number {
  return day + days;
}

export interface Duration {
  amount: number;
  unit: 'D' | 'W' | 'M' | 'Y';
}

export function parseDuration(text: unknown): Duration | undefined {
  if (typeof text !== 'string') return undefined;
  const m = DURATION_PATTERN.exec(text);
  return m ? { amount: Number(m[1]), unit: m[2] as Duration['unit'] } : undefined;
}

/** Adds an ISO 8601 duration; months and years are added calendar-wise, clamped to the month's last day. */
export function addDuration(day: number, duration: Duration): number {
  switch (duration.unit) {
    case 'D':
      return day + duration.amount;
    case 'W':
      return day + duration.amount * 7;
    case 'M':
    case 'Y': {
      const months = duration.unit === 'M' ? duration.amount : duration.amount * 12;
      const date = civilFromDays(day);
      const total = date.month - 1 + months;
      const year = date.year + Math.floor(total / 12);
      const month = (total % 12) + 1;
      return daysFromCivil(year, month, Math.min(date.day, daysInMonth(year, month)));
    }
  }
}

/** "27 days ago", "today", "in 5 days". */
export function relativeDays(day: number, asOf: number): string {
  const delta = day - asOf;
  if (delta === 0) return 'today';
  const n = Math.abs(delta);
  const unit = n === 1 ? 'day' : 'days';
  return delta < 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
}
