/**
 * MMWR (epidemiological) weeks, as CDC numbers them: weeks run Sunday to Saturday, and week 1 of
 * an MMWR year is the first week with at least four days in that calendar year, i.e. the week
 * that contains 4 January. Week 1 can therefore start as early as 29 December of the previous
 * calendar year, and a year has 53 weeks when the next year's week 1 starts 371 days later
 * (2014, 2020 and 2025, for example).
 */

const DAY_MS = 86_400_000;

const yearStarts = new Map<number, number>();
const weekStarts = new Map<number, string>();

/** UTC midnight (ms) of the Sunday that starts week 1 of MMWR year `year`. */
function firstSunday(year: number): number {
  let start = yearStarts.get(year);
  if (start === undefined) {
    const jan4 = Date.UTC(year, 0, 4);
    start = jan4 - new Date(jan4).getUTCDay() * DAY_MS;
    yearStarts.set(year, start);
  }
  return start;
}

/** 52 or 53. */
export function mmwrWeeksInYear(year: number): number {
  return Math.round((firstSunday(year + 1) - firstSunday(year)) / (7 * DAY_MS));
}

/**
 * The Sunday that starts MMWR week `week` of MMWR year `year`, as `YYYY-MM-DD`, or `undefined`
 * when that year has no such week (week 53 of a 52-week year, week 0, a fraction).
 */
export function mmwrWeekStart(year: number, week: number): string | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(week) || year < 1000 || year > 9998) return undefined;
  const key = year * 100 + week;
  const cached = weekStarts.get(key);
  if (cached !== undefined) return cached;
  if (week < 1 || week > mmwrWeeksInYear(year)) return undefined;
  const start = new Date(firstSunday(year) + (week - 1) * 7 * DAY_MS).toISOString().slice(0, 10);
  weekStarts.set(key, start);
  return start;
}
