import { InputError, type CellValue, type Table, type TableColumn } from "@mesh/core";
import { checkColumnModel, checkTableAgainstModel, numberFinalizer, type ColumnModel, type ColumnSpec } from "./columns.js";
import { inRange, parseCondition, type Condition, type Conditions, type RangeCondition } from "./conditions.js";
import { cholesky, conditionGaussian, regularizedCholesky } from "./linalg.js";
import { fastNormalCdf, normalCdf, normalQuantile } from "./normal.js";
import { Random } from "./random.js";
import { DEFAULT_MIN_STRATUM_ROWS, parseGaussianCopulaSettings, type GaussianCopulaSettings } from "./settings.js";
import {
  type FitOptions,
  type FittedSynthesizer,
  type SampleOptions,
  type Synthesizer,
  type SynthesizerCheckpoint,
} from "./synthesizer.js";

/**
 * The Gaussian copula synthesizer, after the approach of SDV's GaussianCopulaSynthesizer:
 *
 * 1. Each column gets a marginal. Numbers and datetimes: the empirical CDF, piecewise linear
 *    between the sorted training values (at most `maxQuantiles` knots, plus the minimum and
 *    maximum), so generated values stay within the training range. Categoricals and booleans:
 *    categories in order of decreasing frequency, each owning an interval of [0, 1) as wide
 *    as its frequency.
 * 2. Each training value becomes a normal score z = Φ⁻¹(u): u is its rank (ties broken at
 *    random) for numbers, a uniform point inside its category's interval for categoricals.
 * 3. The correlation of the scores (pairwise over rows where both are present) is shrunk
 *    towards the identity until its Cholesky factor exists.
 * 4. Generation draws correlated normals, maps each through Φ and the marginal's inverse, then
 *    rounds and clamps as the column model asks. Nulls are drawn per column at the training
 *    null rate, independently of the rest.
 *
 * Conditions: an exact number fixes its score, and the other scores are drawn from the Gaussian
 * conditioned on it. An equality on a category or a range on a number is an interval of the
 * score, a set of categories (`in`, or a range over numeric labels) a union of intervals; the
 * most restrictive is sampled exactly (a segment by its mass, then a truncated normal through the
 * conditional Cholesky factor), any further interval and the final values are checked and the
 * whole row redrawn, up to `maxRejectionAttempts` candidates per requested row.
 *
 * Strata (setting `stratifyBy`): one correlation matrix cannot say that a number behaves
 * differently in each category (group means leak into each other). With a stratifying column the
 * fitted model is a mixture: one copula per value of that column with at least `minStratumRows`
 * training rows (fitted on those rows alone, where the column is constant), one pooled "rest"
 * copula for the values with fewer (the whole table's copula when the rest has under 2 rows),
 * weighted by the values' training shares; null is a value like any other. A copula of the whole
 * table is kept beside them: it validates conditions and rebalancing by the same rules as
 * without strata. Generation splits n over the strata by largest remainder (each stratum gets
 * the floor of its expected count, the rows left over go to the largest fractions, ties to the
 * earlier stratum: largest first, the rest last), so shares are reproduced to within one row
 * (deterministic, lower variance than a multinomial draw), then draws each stratum's rows
 * from its copula and shuffles them together, all from the one seeded generator. A condition on
 * the stratifying column keeps the strata (or values of the rest) it admits; the other
 * conditions go to every stratum's copula, and each stratum's weight is multiplied by the
 * product of those conditions' marginal probabilities under it (a density over a small window
 * for an exact number), so a stratum where a condition cannot hold gets no rows. Rebalancing
 * generates each group of the column with the group as a condition, through the mixture.
 */

export type Marginal =
  { type: "empirical"; probs: number[]; knots: number[] } | { type: "frequency"; categories: CellValue[]; cumulative: number[] };

export interface CopulaColumn {
  spec: ColumnSpec;
  nullRate: number;
  marginal: Marginal;
}

export interface GaussianCopulaCheckpoint extends SynthesizerCheckpoint {
  synthesizer: "gaussian-copula";
  version: 1;
  settings: GaussianCopulaSettings;
  marginals: { nullRate: number; marginal: Marginal }[];
  /** The regularised correlation matrix of the normal scores (diagonal 1). */
  correlation: number[][];
  trainingRows: number;
  /** Present when `settings.stratifyBy` is: the mixture's components (the fields above are the whole table's copula). */
  strata?: CopulaStratumCheckpoint[];
}

/** One component of a stratified copula. */
export interface CopulaStratumCheckpoint {
  /** The stratifying column's values in this stratum: one, or the small ones pooled (null stands for missing). */
  values: CellValue[];
  /** Each value's share of all training rows (the stratum's weight is their sum). */
  shares: number[];
  /** The stratum's own copula; absent when the stratum uses the whole table's (a pooled rest of fewer than 2 rows). */
  copula?: { marginals: { nullRate: number; marginal: Marginal }[]; correlation: number[][]; trainingRows: number };
}

interface Stratum {
  values: CellValue[];
  shares: number[];
  copula: FittedGaussianCopula;
  wholeTable: boolean;
}

export class GaussianCopulaSynthesizer implements Synthesizer {
  readonly name = "gaussian-copula" as const;
  readonly settings: GaussianCopulaSettings;

  constructor(settings?: unknown) {
    this.settings = parseGaussianCopulaSettings(settings);
  }

  async fit(table: Table, model: ColumnModel, options: FitOptions = {}): Promise<FittedGaussianCopula> {
    return this.fitSync(table, model, options);
  }

  fitSync(table: Table, model: ColumnModel, options: FitOptions = {}): FittedGaussianCopula {
    const cols = checkTableAgainstModel(table, model);
    const by = this.settings.stratifyBy;
    const si = by === undefined ? -1 : model.findIndex((s) => s.name === by);
    if (by !== undefined) {
      const spec = model[si];
      if (!spec)
        throw new InputError(
          `gaussian-copula settings: "stratifyBy" names no column of the model: "${by}" (columns: ${model.map((s) => s.name).join(", ")})`,
        );
      if (spec.kind !== "categorical" && spec.kind !== "boolean")
        throw new InputError(
          `gaussian-copula settings: "stratifyBy" must name a categorical or boolean column; "${by}" is ${spec.kind}`,
        );
    }
    const rng = new Random(options.seed ?? 0);
    const all = cols.map((c) => c.values);
    const whole = this.fitColumns(model, all, rng);
    if (by === undefined) return new FittedGaussianCopula(this.settings, whole.columns, whole.correlation, whole.rows);

    // Rows by value of the stratifying column, most frequent first (ties in order of first appearance).
    const groups = new Map<CellValue, number[]>();
    (all[si] as readonly CellValue[]).forEach((v, r) => {
      const rows = groups.get(v);
      if (rows) rows.push(r);
      else groups.set(v, [r]);
    });
    const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
    const minRows = this.settings.minStratumRows ?? DEFAULT_MIN_STRATUM_ROWS;
    const n = whole.rows;
    const wholeCopula = new FittedGaussianCopula(this.settings, whole.columns, whole.correlation, n);
    const fitRows = (rows: number[]) => {
      const part = this.fitColumns(
        model,
        all.map((values) => rows.map((r) => values[r] as CellValue)),
        rng,
      );
      return new FittedGaussianCopula(this.settings, part.columns, part.correlation, part.rows);
    };
    const strata: Stratum[] = ordered
      .filter(([, rows]) => rows.length >= minRows)
      .map(([v, rows]) => ({ values: [v], shares: [rows.length / n], copula: fitRows(rows), wholeTable: false }));
    const small = ordered.filter(([, rows]) => rows.length < minRows);
    const restRows = small.flatMap(([, rows]) => rows).sort((a, b) => a - b);
    if (restRows.length > 0) {
      const wholeTable = restRows.length < 2;
      strata.push({
        values: small.map(([v]) => v),
        shares: small.map(([, rows]) => rows.length / n),
        copula: wholeTable ? wholeCopula : fitRows(restRows),
        wholeTable,
      });
    }
    return new FittedGaussianCopula(this.settings, whole.columns, whole.correlation, n, strata);
  }

  /** One copula fitted to the given column values (one array per column of the model, all as long). */
  private fitColumns(
    model: ColumnModel,
    cols: readonly (readonly CellValue[])[],
    rng: Random,
  ): { columns: CopulaColumn[]; correlation: number[][]; rows: number } {
    const n = cols[0]?.length ?? 0;
    if (n === 0) throw new InputError("cannot fit a synthesizer to a table with no rows");
    const scores: Float64Array[] = [];
    const columns: CopulaColumn[] = model.map((spec, ci) => {
      const values = cols[ci] as readonly CellValue[];
      const z = new Float64Array(n).fill(NaN);
      scores.push(z);
      const present: number[] = [];
      values.forEach((v, r) => v !== null && present.push(r));
      const nullRate = (n - present.length) / n;
      if (spec.kind === "numerical" || spec.kind === "datetime") {
        const m = present.length;
        const keyed = present.map((r) => ({ r, x: values[r] as number, t: rng.uniform() }));
        keyed.sort((a, b) => a.x - b.x || a.t - b.t);
        keyed.forEach((k, rank) => (z[k.r] = normalQuantile((rank + 0.5) / m)));
        const sorted = keyed.map((k) => k.x);
        return { spec, nullRate, marginal: empiricalMarginal(sorted, this.settings.maxQuantiles, spec) };
      }
      const counts = new Map<CellValue, number>();
      for (const r of present) counts.set(values[r] as CellValue, (counts.get(values[r] as CellValue) ?? 0) + 1);
      const categories = [...counts.keys()].sort((a, b) => (counts.get(b) as number) - (counts.get(a) as number));
      const cumulative: number[] = [];
      let acc = 0;
      for (const c of categories) cumulative.push((acc += (counts.get(c) as number) / present.length));
      if (cumulative.length > 0) cumulative[cumulative.length - 1] = 1;
      const index = new Map(categories.map((c, j) => [c, j]));
      for (const r of present) {
        const j = index.get(values[r] as CellValue) as number;
        const lo = j === 0 ? 0 : (cumulative[j - 1] as number);
        const hi = cumulative[j] as number;
        z[r] = normalQuantile(lo + rng.uniform() * (hi - lo));
      }
      return { spec, nullRate, marginal: { type: "frequency", categories, cumulative } };
    });
    const correlation = pairwiseCorrelation(scores);
    const { matrix } = regularizedCholesky(correlation, this.settings.ridge);
    return { columns, correlation: matrix, rows: n };
  }
}

function empiricalMarginal(sorted: number[], maxQuantiles: number, spec: ColumnSpec): Marginal {
  const m = sorted.length;
  if (m === 0) {
    const v = spec.minimum ?? spec.maximum ?? 0;
    return { type: "empirical", probs: [0, 1], knots: [v, v] };
  }
  const probs = [0];
  const knots = [sorted[0] as number];
  if (m <= maxQuantiles) {
    sorted.forEach((x, i) => {
      probs.push((i + 0.5) / m);
      knots.push(x);
    });
  } else {
    for (let j = 0; j < maxQuantiles; j++) {
      const p = (j + 0.5) / maxQuantiles;
      const t = p * m - 0.5;
      const i = Math.floor(t);
      const f = t - i;
      probs.push(p);
      knots.push((sorted[i] as number) * (1 - f) + (sorted[Math.min(m - 1, i + 1)] as number) * f);
    }
  }
  probs.push(1);
  knots.push(sorted[m - 1] as number);
  return { type: "empirical", probs, knots };
}

function pairwiseCorrelation(scores: Float64Array[]): number[][] {
  const d = scores.length;
  const r: number[][] = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
  for (let i = 0; i < d; i++) {
    const a = scores[i] as Float64Array;
    for (let j = i + 1; j < d; j++) {
      const b = scores[j] as Float64Array;
      let n = 0;
      let sa = 0;
      let sb = 0;
      let saa = 0;
      let sbb = 0;
      let sab = 0;
      for (let k = 0; k < a.length; k++) {
        const x = a[k] as number;
        const y = b[k] as number;
        if (Number.isNaN(x) || Number.isNaN(y)) continue;
        n++;
        sa += x;
        sb += y;
        saa += x * x;
        sbb += y * y;
        sab += x * y;
      }
      let c = 0;
      if (n > 2) {
        const va = saa - (sa * sa) / n;
        const vb = sbb - (sb * sb) / n;
        if (va > 0 && vb > 0) c = (sab - (sa * sb) / n) / Math.sqrt(va * vb);
      }
      c = Math.max(-1, Math.min(1, c));
      (r[i] as number[])[j] = c;
      (r[j] as number[])[i] = c;
    }
  }
  return r;
}

/** Quantile function of an empirical marginal at u ∈ (0, 1). */
function quantile(m: { probs: number[]; knots: number[] }, u: number): number {
  const { probs, knots } = m;
  let lo = 0;
  let hi = probs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((probs[mid] as number) <= u) lo = mid;
    else hi = mid;
  }
  const p0 = probs[lo] as number;
  const p1 = probs[hi] as number;
  const k0 = knots[lo] as number;
  const k1 = knots[hi] as number;
  return p1 > p0 ? k0 + ((u - p0) / (p1 - p0)) * (k1 - k0) : k0;
}

/** inf{p : Q(p) ≥ v}: the lowest probability whose quantile reaches v. */
function cdfLower(m: { probs: number[]; knots: number[] }, v: number): number {
  const { probs, knots } = m;
  const j = knots.findIndex((k) => k >= v);
  if (j <= 0) return j === 0 ? 0 : 1;
  const k0 = knots[j - 1] as number;
  const k1 = knots[j] as number;
  return (probs[j - 1] as number) + ((v - k0) / (k1 - k0)) * ((probs[j] as number) - (probs[j - 1] as number));
}

/** sup{p : Q(p) ≤ v}: the highest probability whose quantile stays at or below v. */
function cdfUpper(m: { probs: number[]; knots: number[] }, v: number): number {
  const { probs, knots } = m;
  let j = -1;
  for (let i = knots.length - 1; i >= 0; i--) {
    if ((knots[i] as number) <= v) {
      j = i;
      break;
    }
  }
  if (j < 0) return 0;
  if (j === knots.length - 1) return 1;
  const k0 = knots[j] as number;
  const k1 = knots[j + 1] as number;
  return (probs[j] as number) + ((v - k0) / (k1 - k0)) * ((probs[j + 1] as number) - (probs[j] as number));
}

/** A truncated standard normal draw on [a, b] by inversion (mirrored to the lower tail for precision). */
function truncatedNormal(rng: Random, a: number, b: number): number {
  if (a > 0) return -truncatedNormal(rng, -b, -a);
  const pa = normalCdf(a);
  const pb = normalCdf(b);
  const z = normalQuantile(pa + rng.uniform() * (pb - pa));
  return Math.min(b, Math.max(a, z));
}

function choleskyWithJitter(m: number[][]): number[][] {
  const scale = m.reduce((s, row, i) => s + (row[i] as number), 0) / Math.max(1, m.length);
  for (let eps = 0; ; eps = eps === 0 ? 1e-10 * scale : eps * 10) {
    const l = cholesky(m.map((row, i) => row.map((v, j) => (i === j ? v + eps : v))));
    if (l) return l;
    if (eps > scale) throw new Error("conditional covariance is not positive semi-definite");
  }
}

type ColumnPlan =
  | { type: "free" }
  | { type: "null" }
  | { type: "point"; z: number; value: CellValue }
  /** The score must fall in one of `segments` (one for a range or a category, several for a set of categories). */
  | { type: "interval"; segments: [number, number][]; probability: number; accept: (v: CellValue) => boolean };

const whole = (s: ColumnSpec) => s.integer === true || s.kind === "datetime";

export class FittedGaussianCopula implements FittedSynthesizer {
  readonly name = "gaussian-copula" as const;
  readonly columns: readonly ColumnSpec[];
  private readonly factor: number[][];
  private readonly finalizers: ((x: number) => number)[];

  constructor(
    readonly settings: GaussianCopulaSettings,
    private readonly model: readonly CopulaColumn[],
    private readonly correlation: number[][],
    private readonly trainingRows: number,
    /** With `settings.stratifyBy`: the mixture's components; the model above is then the whole table's copula. */
    private readonly strata?: readonly Stratum[],
  ) {
    this.columns = model.map((c) => c.spec);
    this.factor = choleskyWithJitter(correlation);
    this.finalizers = model.map((c) => numberFinalizer(c.spec));
  }

  static fromJSON(json: GaussianCopulaCheckpoint): FittedGaussianCopula {
    if (json?.format !== "mesh-synth-model" || json.synthesizer !== "gaussian-copula" || json.version !== 1) {
      throw new InputError("not a gaussian-copula checkpoint (format mesh-synth-model, version 1)");
    }
    checkColumnModel(json.columns);
    const settings = parseGaussianCopulaSettings(json.settings);
    const d = json.columns.length;
    if (json.marginals.length !== d || json.correlation.length !== d || json.correlation.some((row) => row.length !== d)) {
      throw new InputError("gaussian-copula checkpoint: columns, marginals and correlation disagree in size");
    }
    const model = json.columns.map((spec, i) => ({ spec, ...(json.marginals[i] as { nullRate: number; marginal: Marginal }) }));
    const by = settings.stratifyBy;
    if (by === undefined) {
      if (json.strata !== undefined) throw new InputError("gaussian-copula checkpoint: strata without settings.stratifyBy");
      return new FittedGaussianCopula(settings, model, json.correlation, json.trainingRows);
    }
    const spec = json.columns.find((c) => c.name === by);
    if (!spec || (spec.kind !== "categorical" && spec.kind !== "boolean"))
      throw new InputError(`gaussian-copula checkpoint: stratifyBy "${by}" is not a categorical or boolean column of the model`);
    if (!Array.isArray(json.strata) || json.strata.length === 0)
      throw new InputError(`gaussian-copula checkpoint: stratified by "${by}" but has no strata`);
    const whole = new FittedGaussianCopula(settings, model, json.correlation, json.trainingRows);
    const strata = json.strata.map((s, k): Stratum => {
      const where = `gaussian-copula checkpoint: stratum ${k}`;
      if (
        !Array.isArray(s.values) ||
        !Array.isArray(s.shares) ||
        s.values.length === 0 ||
        s.values.length !== s.shares.length ||
        s.shares.some((w) => typeof w !== "number" || !(w >= 0))
      )
        throw new InputError(`${where}: values and shares (numbers ≥ 0) must be non-empty lists of one length`);
      if (s.copula === undefined) return { values: s.values, shares: s.shares, copula: whole, wholeTable: true };
      const c = s.copula;
      if (c.marginals?.length !== d || c.correlation?.length !== d || c.correlation.some((row) => row.length !== d))
        throw new InputError(`${where}: columns, marginals and correlation disagree in size`);
      const own = json.columns.map((spec, i) => ({ spec, ...(c.marginals[i] as { nullRate: number; marginal: Marginal }) }));
      return {
        values: s.values,
        shares: s.shares,
        copula: new FittedGaussianCopula(settings, own, c.correlation, c.trainingRows),
        wholeTable: false,
      };
    });
    return new FittedGaussianCopula(settings, model, json.correlation, json.trainingRows, strata);
  }

  toJSON(): GaussianCopulaCheckpoint {
    return {
      format: "mesh-synth-model",
      version: 1,
      synthesizer: "gaussian-copula",
      columns: this.model.map((c) => structuredClone(c.spec) as ColumnSpec),
      settings: { ...this.settings },
      marginals: this.model.map((c) => ({ nullRate: c.nullRate, marginal: structuredClone(c.marginal) })),
      correlation: this.correlation.map((row) => [...row]),
      trainingRows: this.trainingRows,
      ...(this.strata && {
        strata: this.strata.map((s) => ({
          values: [...s.values],
          shares: [...s.shares],
          ...(!s.wholeTable && { copula: s.copula.ownJSON() }),
        })),
      }),
    };
  }

  private ownJSON(): NonNullable<CopulaStratumCheckpoint["copula"]> {
    const { marginals, correlation, trainingRows } = this.toJSON();
    return { marginals, correlation, trainingRows };
  }

  async sample(n: number, options: SampleOptions = {}): Promise<Table> {
    return this.sampleSync(n, options);
  }

  sampleSync(n: number, options: SampleOptions = {}): Table {
    if (!Number.isInteger(n) || n < 0) throw new InputError(`the number of rows must be a whole number ≥ 0, got ${n}`);
    const rng = new Random(options.seed ?? 0);
    const conditions = options.conditions ?? {};
    if (options.rebalance === undefined) return this.draw(n, conditions, rng);
    const name = options.rebalance;
    const ci = this.model.findIndex((c) => c.spec.name === name);
    const col = this.model[ci];
    if (!col) throw new InputError(`rebalance: no column "${name}"; the model has ${this.columns.map((c) => c.name).join(", ")}`);
    if (col.marginal.type !== "frequency")
      throw new InputError(`rebalance: column "${name}" is ${col.spec.kind}; only categorical and boolean columns have groups`);
    if (name in conditions) throw new InputError(`rebalance: column "${name}" is also in the conditions`);
    const groups = col.marginal.categories;
    const parts = groups.map((g, j) =>
      this.draw(Math.floor(n / groups.length) + (j < n % groups.length ? 1 : 0), { ...conditions, [name]: g }, rng),
    );
    return this.shuffled(parts, n, rng);
  }

  /** The parts' rows in one seeded random order. */
  private shuffled(parts: readonly Table[], n: number, rng: Random): Table {
    const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    return {
      columns: this.columns.map((spec, c) => {
        const all: CellValue[] = [];
        for (const part of parts) for (const v of (part.columns[c] as TableColumn).values) all.push(v);
        const values = new Array<CellValue>(n);
        for (let i = 0; i < n; i++) values[i] = all[order[i] as number] as CellValue;
        return { name: spec.name, kind: spec.kind, values };
      }),
    };
  }

  private draw(n: number, conditions: Conditions, rng: Random): Table {
    return this.strata ? this.drawMixture(this.strata, n, conditions, rng) : this.generate(n, conditions, rng);
  }

  /** n rows from the mixture of strata, under the conditions (see "Strata" at the top of this file). */
  private drawMixture(strata: readonly Stratum[], n: number, conditions: Conditions, rng: Random): Table {
    // The whole table's copula refuses unknown columns, unseen categories and out-of-range values with the usual messages.
    this.plan(conditions);
    const by = this.settings.stratifyBy as string;
    const onStrata: Condition | undefined = conditions[by];
    const others: Conditions = Object.fromEntries(Object.entries(conditions).filter(([name]) => name !== by));
    const widths = this.pointWidths(others);
    const parts = strata.map((s) => {
      let weight = 0;
      s.values.forEach((v, j) => {
        if (onStrata === undefined || meets(onStrata, v)) weight += s.shares[j] as number;
      });
      if (weight > 0) weight *= s.copula.marginalMass(others, widths);
      // A stratum of one value holds it on every row; a pooled one is told which of its values are wanted.
      const own: Conditions =
        s.values.length === 1 && !s.wholeTable
          ? others
          : onStrata !== undefined
            ? { ...others, [by]: onStrata }
            : s.wholeTable
              ? { ...others, [by]: s.values[0] as CellValue }
              : others;
      return { s, weight, conditions: own };
    });
    const total = parts.reduce((sum, p) => sum + p.weight, 0);
    if (!(total > 0)) throw new InputError(`conditions ${JSON.stringify(conditions)} cannot hold in any stratum of "${by}"`);
    const counts = largestRemainder(
      n,
      parts.map((p) => p.weight),
    );
    const drawn = parts.flatMap((p, k) =>
      (counts[k] as number) > 0 ? [p.s.copula.generate(counts[k] as number, p.conditions, rng)] : [],
    );
    return this.shuffled(drawn, n, rng);
  }

  /** For each exact-number condition, the half-width of the window whose mass stands for its density: 1% of the whole table's range. */
  private pointWidths(conditions: Conditions): Map<string, number> {
    const widths = new Map<string, number>();
    for (const name of Object.keys(conditions)) {
      const m = this.model.find((c) => c.spec.name === name)?.marginal;
      if (m?.type !== "empirical") continue;
      const range = (m.knots[m.knots.length - 1] as number) - (m.knots[0] as number);
      widths.set(name, Math.max(range / 100, 1e-9));
    }
    return widths;
  }

  /**
   * The product of each condition's marginal probability under this copula (0 where one cannot
   * hold): how much a stratum's weight is scaled when it is sampled under these conditions.
   */
  private marginalMass(conditions: Conditions, widths: ReadonlyMap<string, number>): number {
    let mass = 1;
    for (const [name, condition] of Object.entries(conditions)) {
      const i = this.model.findIndex((c) => c.spec.name === name);
      const col = this.model[i] as CopulaColumn;
      let plan: ColumnPlan;
      try {
        plan = this.plan({ [name]: condition })[i] as ColumnPlan;
      } catch (e) {
        if (e instanceof InputError) return 0;
        throw e;
      }
      const present = 1 - col.nullRate;
      if (plan.type === "null") mass *= col.nullRate;
      else if (plan.type === "interval") mass *= plan.probability * present;
      else if (plan.type === "point" && col.marginal.type === "empirical") {
        const v = plan.value as number;
        const h = widths.get(name) ?? 1e-9;
        mass *= Math.max(0, cdfUpper(col.marginal, v + h) - cdfLower(col.marginal, v - h)) * present;
      }
    }
    return mass;
  }

  private plan(conditions: Conditions): ColumnPlan[] {
    for (const name of Object.keys(conditions)) {
      if (!this.columns.some((c) => c.name === name))
        throw new InputError(
          `condition on unknown column "${name}"; the model has ${this.columns.map((c) => c.name).join(", ")}`,
        );
    }
    return this.model.map((col): ColumnPlan => {
      const spec = col.spec;
      const raw = conditions[spec.name];
      if (raw === undefined) return { type: "free" };
      const where = `condition on "${spec.name}"`;
      const cond = parseCondition(raw);
      if ("eq" in cond && cond.eq === null) {
        if (!spec.nullable) throw new InputError(`${where}: the column is not nullable`);
        return { type: "null" };
      }
      const m = col.marginal;
      if (m.type === "frequency") {
        let targets: CellValue[];
        if ("eq" in cond) {
          if (!m.categories.includes(cond.eq))
            throw new InputError(`${where}: ${JSON.stringify(cond.eq)} never occurs in the training data`);
          targets = [cond.eq];
        } else if ("in" in cond) {
          if (!Array.isArray(cond.in)) throw new InputError(`${where}: "in" takes a list of values`);
          targets = m.categories.filter((c) => cond.in.includes(c));
          if (targets.length === 0)
            throw new InputError(`${where}: none of ${JSON.stringify(cond.in)} occurs in the training data`);
        } else {
          // A range on a categorical column selects the categories whose labels are numbers in it (e.g. num > 0).
          const r = cond.range;
          checkRange(where, r);
          targets = m.categories.filter((c) => typeof c === "number" && inRange(c, r));
          if (targets.length === 0)
            throw new InputError(`${where}: no category of "${spec.name}" is a number in ${JSON.stringify(r)}`);
        }
        const wanted = new Set(targets);
        const segments: [number, number][] = [];
        let probability = 0;
        m.categories.forEach((c, j) => {
          if (!wanted.has(c)) return;
          const lo = j === 0 ? 0 : (m.cumulative[j - 1] as number);
          const hi = m.cumulative[j] as number;
          segments.push([normalQuantile(lo), normalQuantile(hi)]);
          probability += hi - lo;
        });
        return { type: "interval", segments, probability, accept: (v) => wanted.has(v) };
      }
      const min = m.knots[0] as number;
      const max = m.knots[m.knots.length - 1] as number;
      if ("eq" in cond) {
        const v = cond.eq;
        if (typeof v !== "number" || !Number.isFinite(v)) throw new InputError(`${where}: ${JSON.stringify(v)} is not a number`);
        if (v < min || v > max) throw new InputError(`${where}: ${v} is outside the training range [${min}, ${max}]`);
        const p = Math.min(1 - 1e-9, Math.max(1e-9, (cdfLower(m, v) + cdfUpper(m, v)) / 2));
        return { type: "point", z: normalQuantile(p), value: v };
      }
      if ("in" in cond) throw new InputError(`${where}: "in" is for categorical and boolean columns; use eq or a range`);
      const r: RangeCondition = cond.range;
      checkRange(where, r);
      // The interval of raw values that round into the range.
      let low = Math.max(r.gt ?? -Infinity, r.gte ?? -Infinity);
      let high = Math.min(r.lt ?? Infinity, r.lte ?? Infinity);
      if (whole(spec)) {
        if (r.gt !== undefined) low = Math.max(low, Math.floor(r.gt) + 1);
        if (r.gte !== undefined) low = Math.max(low, Math.ceil(r.gte));
        if (r.lt !== undefined) high = Math.min(high, Math.ceil(r.lt) - 1);
        if (r.lte !== undefined) high = Math.min(high, Math.floor(r.lte));
        low -= 0.5;
        high += 0.5;
      }
      const pLo = low === -Infinity ? 0 : cdfLower(m, low);
      const pHi = high === Infinity ? 1 : cdfUpper(m, high);
      if (!(pHi > pLo))
        throw new InputError(
          `${where}: no training value of "${spec.name}" lies in ${JSON.stringify(r)} (training range [${min}, ${max}])`,
        );
      return {
        type: "interval",
        segments: [[normalQuantile(pLo), normalQuantile(pHi)]],
        probability: pHi - pLo,
        accept: (v) => typeof v === "number" && inRange(v, r),
      };
    });
  }

  private generate(n: number, conditions: Conditions, rng: Random): Table {
    const d = this.model.length;
    const plans = this.plan(conditions);
    const values: CellValue[][] = this.model.map(() => []);
    if (n === 0) return this.toTable(values);

    // Latent coordinates left to draw: the most restrictive interval first, then the rest.
    const fixed = plans.flatMap((p, i) => (p.type === "point" ? [i] : []));
    const intervals = plans.flatMap((p, i) => (p.type === "interval" ? [i] : [])).sort((a, b) => prob(plans[a]) - prob(plans[b]));
    const free = [...intervals, ...plans.flatMap((p, i) => (p.type === "free" || p.type === "null" ? [i] : []))];
    const zFixed = fixed.map((i) => (plans[i] as { z: number }).z);
    let mean: number[];
    let factor: number[][];
    if (fixed.length === 0 && intervals.length === 0) {
      mean = new Array<number>(d).fill(0);
      factor = this.factor;
    } else {
      const cond = conditionGaussian(this.correlation, free, fixed, zFixed);
      mean = cond.mean;
      factor = choleskyWithJitter(cond.covariance);
    }
    const first = intervals[0];
    const firstPlan = first === undefined ? null : (plans[first] as Extract<ColumnPlan, { type: "interval" }>);
    const f0 = (factor[0]?.[0] ?? 1) as number;
    // The first interval's segments in units of its own conditional standard deviation, and
    // their cumulative probability masses: a segment is picked by mass, then a point inside it.
    const firstSegments = (firstPlan?.segments ?? []).map(
      ([lo, hi]) => [(lo - (mean[0] as number)) / f0, (hi - (mean[0] as number)) / f0] as const,
    );
    const firstCumulative: number[] = [];
    let firstMass = 0;
    for (const [a, b] of firstSegments)
      firstCumulative.push((firstMass += a > 0 ? normalCdf(-a) - normalCdf(-b) : normalCdf(b) - normalCdf(a)));
    if (firstPlan && !(firstMass > 1e-12)) {
      throw new InputError(`conditions ${JSON.stringify(conditions)} are too rare under the fitted model`);
    }
    const checks = intervals.slice(1);
    const rejecting = intervals.length > 0;
    const budget = Math.max(n, 1) * this.settings.maxRejectionAttempts;
    const f = free.length;
    let attempts = 0;
    let accepted = 0;
    // Candidates are drawn in batches and decoded column by column (one tight loop per column).
    const maxBatch = 4096;
    const z = this.model.map(() => new Float64Array(maxBatch));
    fixed.forEach((i, k) => (z[i] as Float64Array).fill(zFixed[k] as number));
    const decoded: CellValue[][] = this.model.map(() => new Array<CellValue>(maxBatch).fill(null));
    const eps = new Float64Array(maxBatch * f);
    const ok = new Uint8Array(maxBatch);
    const factorRows = factor.map((row, k) => Float64Array.from(row.slice(0, k + 1)));

    while (accepted < n) {
      if (attempts >= budget || (attempts >= 10_000 && accepted === 0)) {
        throw new InputError(
          `conditions ${JSON.stringify(conditions)} are too rare under the fitted model: ${accepted} of ${attempts} candidate rows met them ` +
            `(needed ${n}); loosen them or raise the setting maxRejectionAttempts (now ${this.settings.maxRejectionAttempts})`,
        );
      }
      const remaining = n - accepted;
      const size = Math.min(maxBatch, budget - attempts, rejecting ? Math.max(256, remaining) : remaining);
      attempts += size;
      for (let r = 0; r < size; r++) {
        const base = r * f;
        for (let k = 0; k < f; k++) eps[base + k] = rng.normal();
        if (firstPlan) {
          const u = rng.uniform() * firstMass;
          let j = 0;
          while (j < firstSegments.length - 1 && (firstCumulative[j] as number) < u) j++;
          const [a, b] = firstSegments[j] as readonly [number, number];
          eps[base] = truncatedNormal(rng, a, b);
        }
      }
      for (let k = 0; k < f; k++)
        correlate(eps, size, f, k, factorRows[k] as Float64Array, mean[k] as number, z[free[k] as number] as Float64Array);
      ok.fill(1, 0, size);
      for (const i of checks) {
        const p = plans[i] as Extract<ColumnPlan, { type: "interval" }>;
        const zi = z[i] as Float64Array;
        for (let r = 0; r < size; r++) {
          const v = zi[r] as number;
          if (!p.segments.some(([lo, hi]) => v >= lo && v <= hi)) ok[r] = 0;
        }
      }
      for (let i = 0; i < d; i++) {
        const p = plans[i] as ColumnPlan;
        const out = decoded[i] as CellValue[];
        if (p.type === "null" || p.type === "point") {
          out.fill(p.type === "null" ? null : p.value, 0, size);
          continue;
        }
        const col = this.model[i] as CopulaColumn;
        this.decodeColumn(col, z[i] as Float64Array, size, out, this.finalizers[i] as (x: number) => number);
        if (p.type === "free" && col.nullRate > 0) {
          for (let r = 0; r < size; r++) if (rng.uniform() < col.nullRate) out[r] = null;
        }
        if (p.type === "interval") for (let r = 0; r < size; r++) if (ok[r] && !p.accept(out[r] as CellValue)) ok[r] = 0;
      }
      const take: number[] = [];
      for (let r = 0; r < size && take.length < remaining; r++) if (ok[r]) take.push(r);
      for (let i = 0; i < d; i++) {
        const out = decoded[i] as CellValue[];
        const target = values[i] as CellValue[];
        for (const r of take) target.push(out[r] as CellValue);
      }
      accepted += take.length;
    }
    return this.toTable(values);
  }

  private decodeColumn(
    col: CopulaColumn,
    z: Float64Array,
    size: number,
    out: CellValue[],
    finalize: (x: number) => number,
  ): void {
    const m = col.marginal;
    if (m.type === "empirical") {
      for (let r = 0; r < size; r++) out[r] = finalize(quantile(m, fastNormalCdf(z[r] as number)));
      return;
    }
    const cum = m.cumulative;
    const last = cum.length - 1;
    for (let r = 0; r < size; r++) {
      const u = fastNormalCdf(z[r] as number);
      let j = 0;
      while (j < last && (cum[j] as number) <= u) j++;
      out[r] = m.categories[j] as CellValue;
    }
  }

  private toTable(values: CellValue[][]): Table {
    return { columns: this.model.map((c, i) => ({ name: c.spec.name, kind: c.spec.kind, values: values[i] as CellValue[] })) };
  }
}

/** out[r] = mean + Σ_j≤k L[k][j]·eps[r][j] for one latent coordinate k over a batch of rows. */
function correlate(eps: Float64Array, size: number, f: number, k: number, lk: Float64Array, mk: number, out: Float64Array): void {
  for (let r = 0; r < size; r++) {
    const base = r * f;
    let sum = mk;
    for (let j = 0; j <= k; j++) sum += (lk[j] as number) * (eps[base + j] as number);
    out[r] = sum;
  }
}

function checkRange(where: string, r: RangeCondition): void {
  const entries = Object.entries(r);
  if (entries.length === 0) throw new InputError(`${where}: give a value, { eq }, { in: [...] } or a range (gt, gte, lt, lte)`);
  for (const [k, v] of entries) {
    if (!["gt", "gte", "lt", "lte"].includes(k))
      throw new InputError(`${where}: unknown operator "${k}" (use eq, in, gt, gte, lt, lte)`);
    if (typeof v !== "number" || !Number.isFinite(v)) throw new InputError(`${where}: ${k} must be a number`);
  }
}

/** Whether a value of the stratifying column satisfies a condition on it. */
function meets(c: Condition, v: CellValue): boolean {
  const p = parseCondition(c);
  if ("eq" in p) return p.eq === v;
  if ("in" in p) return Array.isArray(p.in) && p.in.includes(v);
  return typeof v === "number" && inRange(v, p.range);
}

/**
 * n split in proportion to the weights: each gets the floor of its share, the rows left over go
 * to the largest fractional parts (ties to the earlier stratum); a zero weight gets none.
 */
function largestRemainder(n: number, weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (n * w) / total);
  const counts = exact.map((e) => Math.floor(e));
  let left = n - counts.reduce((s, c) => s + c, 0);
  const order = weights
    .map((_, k) => k)
    .filter((k) => (weights[k] as number) > 0)
    .sort((a, b) => (exact[b] as number) - (counts[b] as number) - ((exact[a] as number) - (counts[a] as number)) || a - b);
  for (let j = 0; left > 0; j = (j + 1) % order.length, left--) {
    const k = order[j] as number;
    counts[k] = (counts[k] as number) + 1;
  }
  return counts;
}

function prob(p: ColumnPlan | undefined): number {
  return p?.type === "interval" ? p.probability : 1;
}
