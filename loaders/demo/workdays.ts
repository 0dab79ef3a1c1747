// Working-day arithmetic for the demo generator (weekends and hari_libur.csv excluded), on UTC dates.

export const DAY_MS = 86_400_000;
export const iso = (d: Date) => d.toISOString().slice(0, 10);
export const utc = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);

export function isWorkday(d: Date, holidays: ReadonlySet<string>): boolean {
  const dow = d.getUTCDay();
  return dow !== 0 && dow !== 6 && !holidays.has(iso(d));
}

/** The date `n` working days after `d` (n = 0: d itself). */
export function addWorkdays(d: Date, n: number, holidays: ReadonlySet<string>): Date {
  let t = d.getTime();
  for (let left = n; left > 0; ) {
    t += DAY_MS;
    if (isWorkday(new Date(t), holidays)) left--;
  }
  return new Date(t);
}

/** Every working day of a year, in order. */
export function workdaysOfYear(year: number, holidays: ReadonlySet<string>): Date[] {
  const out: Date[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += DAY_MS) {
    const d = new Date(t);
    if (isWorkday(d, holidays)) out.push(d);
  }
  return out;
}
