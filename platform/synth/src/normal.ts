/**
 * The standard normal distribution: CDF and its inverse, accurate to about 1e-9 in the body
 * and usable far into the tails (which truncated sampling needs).
 */

/** erfc(x) for x ≥ 0 by a continued fraction (large x) or series via erf (small x). */
function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x > 27) return 0; // below the smallest double
  if (x < 2.5) {
    // erf by its Maclaurin series: converges fast for |x| < 2.5 with double accuracy.
    let sum = x;
    let term = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Lentz's continued fraction for erfc, accurate for x ≥ 2.5.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 300; n++) {
    const a = n / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (f * Math.sqrt(Math.PI));
}

/** Φ(z), the standard normal CDF. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239,
];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Φ⁻¹(p): Acklam's rational approximation refined by one Halley step. p is clamped to (1e-300, 1). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const [a0, a1, a2, a3, a4, a5] = A as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = B as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = C as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = D as [number, number, number, number];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  // One Halley step against the accurate CDF.
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** The standard normal density. */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

// A table of Φ and φ on [-TABLE_LIMIT, TABLE_LIMIT] for the hot sampling path: cubic Hermite
// interpolation (values and slopes exact at the nodes) is within ~1e-10 of Φ there.
const TABLE_STEP = 1 / 64;
const TABLE_LIMIT = 8;
const TABLE_SIZE = (2 * TABLE_LIMIT) / TABLE_STEP + 1;
const CDF_TABLE = Float64Array.from({ length: TABLE_SIZE }, (_, i) => normalCdf(-TABLE_LIMIT + i * TABLE_STEP));
const PDF_TABLE = Float64Array.from({ length: TABLE_SIZE }, (_, i) => normalPdf(-TABLE_LIMIT + i * TABLE_STEP));

/** Φ(z) by table interpolation (|error| < 1e-9), exact outside ±8. Used when decoding samples. */
export function fastNormalCdf(z: number): number {
  const t = (z + TABLE_LIMIT) / TABLE_STEP;
  if (!(t >= 0 && t < TABLE_SIZE - 1)) return normalCdf(z);
  const i = Math.floor(t);
  const s = t - i;
  const s2 = s * s;
  const s3 = s2 * s;
  const y0 = CDF_TABLE[i] as number;
  const y1 = CDF_TABLE[i + 1] as number;
  const m0 = (PDF_TABLE[i] as number) * TABLE_STEP;
  const m1 = (PDF_TABLE[i + 1] as number) * TABLE_STEP;
  return (2 * s3 - 3 * s2 + 1) * y0 + (s3 - 2 * s2 + s) * m0 + (-2 * s3 + 3 * s2) * y1 + (s3 - s2) * m1;
}
