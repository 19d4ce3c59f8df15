import { type Table, type TableColumn, column, rowCount } from "@mesh/core";
import { categoryKey, isContinuous, numbersOf, seededRandom } from "./values.js";

/**
 * The classifiers behind the utility and fairness figures, in plain TypeScript (no dependency):
 * multinomial logistic regression by full-batch gradient descent, and a seeded random forest of
 * CART trees (Gini impurity). Both read features through a {@link FeatureEncoder}.
 */

/** A dense row-major feature matrix. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/**
 * Turns a table's feature columns into numbers, fitted on a training table:
 * numerical/datetime → (x − mean)/sd over the training non-null values (sd 0 → 1), null → 0
 * (the mean); categorical/boolean → one indicator per category seen in training (null is a
 * category); a category not seen in training → all indicators 0.
 */
export class FeatureEncoder {
  private readonly parts: { name: string; continuous: boolean; mean: number; sd: number; categories: Map<string, number> }[] = [];
  readonly width: number;

  constructor(train: Table, features: readonly string[]) {
    let width = 0;
    for (const name of features) {
      const col = column(train, name);
      if (isContinuous(col)) {
        const xs = numbersOf(col).filter((x) => !Number.isNaN(x));
        const mean = xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
        const variance = xs.length === 0 ? 0 : xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
        this.parts.push({ name, continuous: true, mean, sd: variance > 0 ? Math.sqrt(variance) : 1, categories: new Map() });
        width += 1;
      } else {
        const keys = [...new Set(col.values.map(categoryKey))].sort();
        this.parts.push({ name, continuous: false, mean: 0, sd: 1, categories: new Map(keys.map((k, i) => [k, i])) });
        width += keys.length;
      }
    }
    this.width = width;
  }

  transform(table: Table): Matrix {
    const n = rowCount(table);
    const data = new Float64Array(n * this.width);
    let offset = 0;
    for (const part of this.parts) {
      const col: TableColumn = column(table, part.name);
      if (part.continuous) {
        const xs = numbersOf(col);
        for (let i = 0; i < n; i++) {
          const x = xs[i]!;
          data[i * this.width + offset] = Number.isNaN(x) ? 0 : (x - part.mean) / part.sd;
        }
        offset += 1;
      } else {
        for (let i = 0; i < n; i++) {
          const c = part.categories.get(categoryKey(col.values[i] ?? null));
          if (c !== undefined) data[i * this.width + offset + c] = 1;
        }
        offset += part.categories.size;
      }
    }
    return { rows: n, cols: this.width, data };
  }
}

/** A fitted classifier: predicts a class index (into the label list it was trained with) per row. */
export interface Classifier {
  predict(x: Matrix): Int32Array;
}

export interface LogisticRegressionOptions {
  /** Gradient-descent steps over the whole training set (default 300). */
  epochs?: number;
  /**
   * Step size. Default: 1/L, L = ½·λ_max(XᵀX/n) + l2 (the gradient's Lipschitz bound for softmax
   * cross-entropy, X with a column of ones for the intercepts; λ_max by 50 power iterations),
   * a step that always descends however collinear the features are.
   */
  learningRate?: number;
  /** L2 penalty on the weights, not the intercepts (default 1e-3). */
  l2?: number;
}

/**
 * Multinomial (softmax) logistic regression, weights from 0, full-batch gradient descent on the
 * mean cross-entropy plus ½·l2·‖W‖². Deterministic. With one class it always predicts it.
 */
export function trainLogisticRegression(
  x: Matrix,
  y: Int32Array,
  classes: number,
  options: LogisticRegressionOptions = {},
): Classifier {
  const epochs = options.epochs ?? 300;
  const l2 = options.l2 ?? 1e-3;
  const d = x.cols;
  const lr = options.learningRate ?? 1 / (0.5 * largestEigenvalue(x) + l2);
  const stride = d + 1; // weights then intercept, per class
  const w = new Float64Array(classes * stride);
  const grad = new Float64Array(classes * stride);
  const p = new Float64Array(classes);
  const scores = (row: number, out: Float64Array): void => {
    const base = row * d;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) {
      let z = w[k * stride + d]!;
      for (let j = 0; j < d; j++) z += w[k * stride + j]! * x.data[base + j]!;
      out[k] = z;
      if (z > max) max = z;
    }
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      out[k] = Math.exp(out[k]! - max);
      sum += out[k]!;
    }
    for (let k = 0; k < classes; k++) out[k] = out[k]! / sum;
  };
  if (x.rows > 0 && classes > 1) {
    for (let epoch = 0; epoch < epochs; epoch++) {
      grad.fill(0);
      for (let i = 0; i < x.rows; i++) {
        scores(i, p);
        const base = i * d;
        for (let k = 0; k < classes; k++) {
          const err = p[k]! - (y[i] === k ? 1 : 0);
          for (let j = 0; j < d; j++) grad[k * stride + j] = grad[k * stride + j]! + err * x.data[base + j]!;
          grad[k * stride + d] = grad[k * stride + d]! + err;
        }
      }
      for (let k = 0; k < classes; k++) {
        for (let j = 0; j <= d; j++) {
          const idx = k * stride + j;
          const penalty = j < d ? l2 * w[idx]! : 0;
          w[idx] = w[idx]! - lr * (grad[idx]! / x.rows + penalty);
        }
      }
    }
  }
  const fallback = majority(y, classes);
  return {
    predict(m: Matrix): Int32Array {
      const out = new Int32Array(m.rows);
      if (x.rows === 0 || classes <= 1) return out.fill(fallback);
      for (let i = 0; i < m.rows; i++) {
        const base = i * d;
        let best = 0;
        let bestZ = -Infinity;
        for (let k = 0; k < classes; k++) {
          let z = w[k * stride + d]!;
          for (let j = 0; j < d; j++) z += w[k * stride + j]! * m.data[base + j]!;
          if (z > bestZ) {
            bestZ = z;
            best = k;
          }
        }
        out[i] = best;
      }
      return out;
    },
  };
}

/** λ_max of XᵀX/n for X with an appended column of ones, by power iteration from a vector of ones. */
export function largestEigenvalue(x: Matrix, iterations = 50): number {
  const d = x.cols + 1;
  if (x.rows === 0) return 1;
  let v = new Float64Array(d).fill(1 / Math.sqrt(d));
  let lambda = 1;
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(d);
    for (let i = 0; i < x.rows; i++) {
      const base = i * x.cols;
      let dot = v[x.cols]!; // the intercept column
      for (let j = 0; j < x.cols; j++) dot += x.data[base + j]! * v[j]!;
      for (let j = 0; j < x.cols; j++) next[j] = next[j]! + dot * x.data[base + j]!;
      next[x.cols] = next[x.cols]! + dot;
    }
    let norm = 0;
    for (let j = 0; j < d; j++) {
      next[j] = next[j]! / x.rows;
      norm += next[j]! ** 2;
    }
    norm = Math.sqrt(norm);
    if (norm === 0) return 1;
    lambda = norm;
    for (let j = 0; j < d; j++) next[j] = next[j]! / norm;
    v = next;
  }
  return lambda;
}

/** The most frequent class (the lowest index on a tie); 0 when there are no rows. */
function majority(y: ArrayLike<number>, classes: number, indices?: ArrayLike<number>): number {
  const counts = new Float64Array(Math.max(classes, 1));
  const n = indices ? indices.length : y.length;
  for (let i = 0; i < n; i++) {
    const c = indices ? y[indices[i]!]! : y[i]!;
    counts[c] = counts[c]! + 1;
  }
  let best = 0;
  for (let k = 1; k < counts.length; k++) if (counts[k]! > counts[best]!) best = k;
  return best;
}

export interface RandomForestOptions {
  /** Number of trees (default 25). */
  trees?: number;
  /** Maximum depth of a tree (default 8). */
  maxDepth?: number;
  /** Minimum rows in a leaf (default 2). */
  minLeaf?: number;
  /** Features tried at each split (default ⌈√d⌉); d tries all (a plain CART tree). */
  featuresPerSplit?: number;
  /** Sample rows with replacement for each tree (default true). */
  bootstrap?: boolean;
  seed?: number;
}

type TreeNode =
  { leaf: true; label: number } | { leaf: false; feature: number; threshold: number; left: TreeNode; right: TreeNode };

/**
 * A random forest (Breiman): each tree a CART tree grown on a bootstrap sample, splitting on the
 * best Gini decrease among a seeded random subset of features, threshold at the midpoint of two
 * consecutive distinct values; prediction by majority vote (lowest class index on a tie).
 */
export function trainRandomForest(x: Matrix, y: Int32Array, classes: number, options: RandomForestOptions = {}): Classifier {
  const nTrees = options.trees ?? 25;
  const maxDepth = options.maxDepth ?? 8;
  const minLeaf = options.minLeaf ?? 2;
  const perSplit = Math.max(1, Math.min(x.cols, options.featuresPerSplit ?? Math.ceil(Math.sqrt(x.cols))));
  const bootstrap = options.bootstrap ?? true;
  const random = seededRandom(options.seed ?? 0);
  const forest: TreeNode[] = [];
  const counts = new Float64Array(Math.max(classes, 1));
  const leftCounts = new Float64Array(Math.max(classes, 1));
  const gini = (c: Float64Array, n: number): number => {
    if (n === 0) return 0;
    let s = 0;
    for (let k = 0; k < c.length; k++) s += (c[k]! / n) ** 2;
    return 1 - s;
  };

  const grow = (idx: Int32Array, depth: number): TreeNode => {
    const label = majority(y, classes, idx);
    counts.fill(0);
    for (let i = 0; i < idx.length; i++) counts[y[idx[i]!]!] = counts[y[idx[i]!]!]! + 1;
    if (depth >= maxDepth || idx.length < 2 * minLeaf || gini(counts, idx.length) === 0) return { leaf: true, label };
    const parent = gini(counts, idx.length);
    const total = Float64Array.from(counts);
    // Choose `perSplit` distinct features (partial Fisher–Yates).
    const order = Int32Array.from({ length: x.cols }, (_, i) => i);
    for (let i = 0; i < perSplit; i++) {
      const j = i + Math.floor(random() * (x.cols - i));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    let bestGain = 1e-12;
    let bestFeature = -1;
    let bestThreshold = 0;
    const sorted = new Int32Array(idx.length);
    for (let f = 0; f < perSplit; f++) {
      const feature = order[f]!;
      sorted.set(idx);
      sorted.sort((a, b) => x.data[a * x.cols + feature]! - x.data[b * x.cols + feature]!);
      leftCounts.fill(0);
      for (let i = 0; i < sorted.length - 1; i++) {
        const c = y[sorted[i]!]!;
        leftCounts[c] = leftCounts[c]! + 1;
        const v = x.data[sorted[i]! * x.cols + feature]!;
        const next = x.data[sorted[i + 1]! * x.cols + feature]!;
        const nLeft = i + 1;
        const nRight = sorted.length - nLeft;
        if (v === next || nLeft < minLeaf || nRight < minLeaf) continue;
        let sl = 0;
        let sr = 0;
        for (let k = 0; k < total.length; k++) {
          sl += (leftCounts[k]! / nLeft) ** 2;
          sr += ((total[k]! - leftCounts[k]!) / nRight) ** 2;
        }
        const gain = parent - (nLeft * (1 - sl) + nRight * (1 - sr)) / sorted.length;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = feature;
          bestThreshold = (v + next) / 2;
        }
      }
    }
    if (bestFeature < 0) return { leaf: true, label };
    const left: number[] = [];
    const right: number[] = [];
    for (let i = 0; i < idx.length; i++) {
      (x.data[idx[i]! * x.cols + bestFeature]! <= bestThreshold ? left : right).push(idx[i]!);
    }
    return {
      leaf: false,
      feature: bestFeature,
      threshold: bestThreshold,
      left: grow(Int32Array.from(left), depth + 1),
      right: grow(Int32Array.from(right), depth + 1),
    };
  };

  for (let t = 0; t < nTrees && x.rows > 0; t++) {
    const idx = new Int32Array(x.rows);
    for (let i = 0; i < x.rows; i++) idx[i] = bootstrap ? Math.floor(random() * x.rows) : i;
    forest.push(grow(idx, 0));
  }
  const fallback = majority(y, classes);
  return {
    predict(m: Matrix): Int32Array {
      const out = new Int32Array(m.rows);
      if (forest.length === 0) return out.fill(fallback);
      const votes = new Float64Array(Math.max(classes, 1));
      for (let i = 0; i < m.rows; i++) {
        votes.fill(0);
        for (const tree of forest) {
          let node = tree;
          while (!node.leaf) node = m.data[i * m.cols + node.feature]! <= node.threshold ? node.left : node.right;
          votes[node.label] = votes[node.label]! + 1;
        }
        let best = 0;
        for (let k = 1; k < votes.length; k++) if (votes[k]! > votes[best]!) best = k;
        out[i] = best;
      }
      return out;
    },
  };
}
