/** Small dense linear algebra on row-major `number[][]`: what the copula needs, nothing more. */

/** Lower-triangular L with L·Lᵀ = m, or null when m is not (numerically) positive definite. */
export function cholesky(m: readonly (readonly number[])[]): number[][] | null {
  const n = m.length;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const li = l[i] as number[];
    for (let j = 0; j <= i; j++) {
      const lj = l[j] as number[];
      let sum = (m[i] as readonly number[])[j] as number;
      for (let k = 0; k < j; k++) sum -= (li[k] as number) * (lj[k] as number);
      if (i === j) {
        if (!(sum > 1e-12)) return null;
        li[i] = Math.sqrt(sum);
      } else {
        li[j] = sum / (lj[j] as number);
      }
    }
  }
  return l;
}

/**
 * A positive-definite version of a correlation matrix and its Cholesky factor: the matrix is
 * shrunk towards the identity, (R + λI)/(1 + λ), starting from `ridge` and multiplying λ by 10
 * until the factorisation succeeds. The diagonal stays 1.
 */
export function regularizedCholesky(
  r: readonly (readonly number[])[],
  ridge: number,
): { matrix: number[][]; factor: number[][]; ridge: number } {
  let lambda = ridge;
  for (let attempt = 0; attempt < 20; attempt++) {
    const matrix = r.map((row, i) => row.map((v, j) => (i === j ? 1 : v / (1 + lambda))));
    const factor = cholesky(matrix);
    if (factor) return { matrix, factor, ridge: lambda };
    lambda = lambda === 0 ? 1e-8 : lambda * 10;
  }
  throw new Error("correlation matrix could not be made positive definite");
}

/** Solves A·x = b for symmetric positive-definite A given its Cholesky factor L. */
export function choleskySolve(l: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = l.length;
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    const li = l[i] as readonly number[];
    for (let k = 0; k < i; k++) s -= (li[k] as number) * (y[k] as number);
    y[i] = s / (li[i] as number);
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= ((l[k] as readonly number[])[i] as number) * (x[k] as number);
    x[i] = s / ((l[i] as readonly number[])[i] as number);
  }
  return x;
}

/**
 * The Gaussian N(0, Σ) conditioned on x_fixed = values: the mean and covariance of the other
 * coordinates (`free`, in the given order). Σ₁₁ − Σ₁₂Σ₂₂⁻¹Σ₂₁ and Σ₁₂Σ₂₂⁻¹·values.
 */
export function conditionGaussian(
  sigma: readonly (readonly number[])[],
  free: readonly number[],
  fixed: readonly number[],
  values: readonly number[],
): { mean: number[]; covariance: number[][] } {
  const at = (i: number, j: number) => (sigma[i] as readonly number[])[j] as number;
  if (fixed.length === 0) {
    return { mean: free.map(() => 0), covariance: free.map((i) => free.map((j) => at(i, j))) };
  }
  const s22 = fixed.map((i) => fixed.map((j) => at(i, j)));
  const l22 = regularizedCholesky(s22, 0).factor;
  const w = choleskySolve(l22, values);
  const mean = free.map((i) => fixed.reduce((s, f, k) => s + at(i, f) * (w[k] as number), 0));
  // Columns of Σ₂₂⁻¹Σ₂₁, one per free coordinate.
  const solved = free.map((j) =>
    choleskySolve(
      l22,
      fixed.map((f) => at(f, j)),
    ),
  );
  const covariance = free.map((i) =>
    free.map((j, b) => at(i, j) - fixed.reduce((s, f, k) => s + at(i, f) * ((solved[b] as number[])[k] as number), 0)),
  );
  return { mean, covariance };
}
