import { RowError } from "@mesh/kit";

// The SCMS file writes dates two ways, both with two-digit years: `m/d/yy` (4/30/14) and
// `d-Mon-yy` (30-Apr-14). Every year in the data is 2006-2015, so yy is read as 20yy. These
// parsers run on five cells of every row of a file that can hold millions of rows, so they read
// characters with charCodeAt, look months up in precomputed tables, and hand out canonical
// `YYYY-MM-DD` strings from a cache instead of building a Date or a new string per cell.

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/** `Jan` → 1 …, keyed by the three character codes packed into one number. */
const MONTH_BY_KEY = new Map<number, number>(MONTH_NAMES.map((name, i) => [monthKey(name, 0), i + 1]));

function monthKey(s: string, at: number): number {
  return (s.charCodeAt(at) << 16) | (s.charCodeAt(at + 1) << 8) | s.charCodeAt(at + 2);
}

const PAD2 = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));

/** Canonical text of each date seen so far, indexed by (yy, month, day); filled on first use. */
const DATE_TEXT: Array<string | undefined> = new Array<string | undefined>(100 * 12 * 31);

/** The value of s[from, to) as a decimal number, or -1 when that span is empty or not all digits. */
function digits(s: string, from: number, to: number): number {
  if (to <= from) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

function dateText(yy: number, month: number, day: number, column: string, raw: string): string {
  if (month < 1 || month > 12) throw new RowError(column, raw, `month ${month} does not exist`);
  const leap = yy % 4 === 0; // 2000-2099: every fourth year, 2000 included
  const last = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month] ?? 0);
  if (day < 1 || day > last) {
    throw new RowError(column, raw, `day ${day} does not exist in ${MONTH_NAMES[month - 1]} 20${PAD2[yy]}`);
  }
  const index = (yy * 12 + month - 1) * 31 + day - 1;
  return (DATE_TEXT[index] ??= `20${PAD2[yy]}-${PAD2[month]}-${PAD2[day]}`);
}

/** `m/d/yy` → `20yy-mm-dd`; throws a RowError naming the column for anything else. */
export function parseMonthDayYear(s: string, column: string): string {
  const slash1 = s.indexOf("/");
  const slash2 = slash1 < 0 ? -1 : s.indexOf("/", slash1 + 1);
  const month = slash1 > 0 && slash1 <= 2 ? digits(s, 0, slash1) : -1;
  const day = slash2 > slash1 + 1 && slash2 <= slash1 + 3 ? digits(s, slash1 + 1, slash2) : -1;
  const yy = s.length === slash2 + 3 ? digits(s, slash2 + 1, s.length) : -1;
  if (month < 0 || day < 0 || yy < 0) throw new RowError(column, s, "expected a date written m/d/yy, e.g. 4/30/14");
  return dateText(yy, month, day, column, s);
}

/** `d-Mon-yy` → `20yy-mm-dd`; throws a RowError naming the column for anything else. */
export function parseDayMonthYear(s: string, column: string): string {
  const dash = s.indexOf("-");
  const day = dash > 0 && dash <= 2 ? digits(s, 0, dash) : -1;
  const month = s.length === dash + 7 && s.charCodeAt(dash + 4) === 45 ? (MONTH_BY_KEY.get(monthKey(s, dash + 1)) ?? -1) : -1;
  const yy = month > 0 ? digits(s, dash + 5, dash + 7) : -1;
  if (day < 0 || month < 0 || yy < 0) throw new RowError(column, s, "expected a date written d-Mon-yy, e.g. 30-Apr-14");
  return dateText(yy, month, day, column, s);
}
