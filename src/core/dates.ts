// Calendar dates as the ISMS format writes them: `YYYY-MM-DD` strings, compared without time zones.

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DURATION_PATTERN = /^P(\d+)([DWMY])$/;
const MS_PER_DAY = 86_400_000;

/** A calendar date as days since 1970-01-01 (UTC), or undefined when not a real `YYYY-MM-DD` date. */
export function parseDate(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = DATE_PATTERN.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
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

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
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
      const date = new Date(day * MS_PER_DAY);
      const total = date.getUTCMonth() + months;
      const year = date.getUTCFullYear() + Math.floor(total / 12);
      const month = (total % 12) + 1;
      const dom = Math.min(date.getUTCDate(), daysInMonth(year, month));
      return Date.UTC(year, month - 1, dom) / MS_PER_DAY;
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
