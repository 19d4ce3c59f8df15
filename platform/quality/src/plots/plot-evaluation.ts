import { type ColumnKind, InputError, type Table, type TableColumn, column } from "@mesh/core";
import { isContinuous } from "../values.js";
import { columnShares, correlationDifference, correlationMatrix } from "./aggregate.js";
import { renderSvg } from "./render.js";
import { distributionSpec, heatmapSpec } from "./specs.js";

export interface PlotEvaluationInput {
  real: Table;
  synthetic: Table;
  /** The columns to plot, in this order; default every column of `real`. Each must be in both tables with the same kind. */
  columns?: readonly string[];
  /** Categories shown per categorical column before the rest are summed as "other" (default 20). */
  maxCategories?: number;
  /** The most bins of a numerical or datetime column (default 20). */
  bins?: number;
}

export interface ColumnPlot {
  column: string;
  kind: ColumnKind;
  svg: string;
}

export interface CorrelationPlots {
  /** The continuous columns of the heatmaps, in their order. */
  columns: string[];
  real: string;
  synthetic: string;
  difference: string;
}

/** SVG plots of a synthetic table against the real one; plain JSON, to be stored with the evaluation report. */
export interface EvaluationPlots {
  columns: ColumnPlot[];
  /** Pearson heatmaps of the numerical and datetime columns; null when there are fewer than two. */
  correlation: CorrelationPlots | null;
}

/**
 * Plots of a synthetic table against the real one: for each column the real and synthetic
 * shares of rows side by side (numerical and datetime columns binned on nice edges over the
 * real range, see {@link columnShares}), and correlation heatmaps of the continuous columns
 * (real, synthetic, absolute difference). The plots are drawn from shares and correlations
 * only, so no row's value appears in an SVG; the same input gives the same strings.
 */
export async function plotEvaluation(input: PlotEvaluationInput): Promise<EvaluationPlots> {
  const names = input.columns ?? input.real.columns.map((c) => c.name);
  if (new Set(names).size !== names.length) throw new InputError(`columns are named twice: ${names.join(", ")}`);
  const pairs = names.map((name): [TableColumn, TableColumn] => {
    const real = column(input.real, name);
    const synthetic = column(input.synthetic, name);
    if (real.kind !== synthetic.kind)
      throw new InputError(`column "${name}" is ${real.kind} in the real table and ${synthetic.kind} in the synthetic one`);
    return [real, synthetic];
  });
  const options = {
    ...(input.bins === undefined ? {} : { bins: input.bins }),
    ...(input.maxCategories === undefined ? {} : { maxCategories: input.maxCategories }),
  };
  const specs = pairs.map(([real, synthetic]) => distributionSpec(columnShares(real, synthetic, options)));
  const continuous = pairs.filter(([real]) => isContinuous(real));
  let heatmaps = null;
  if (continuous.length >= 2) {
    const real = correlationMatrix(continuous.map((p) => p[0]));
    const synthetic = correlationMatrix(continuous.map((p) => p[1]));
    heatmaps = {
      columns: real.columns,
      specs: [
        heatmapSpec(real, "real"),
        heatmapSpec(synthetic, "synthetic"),
        heatmapSpec(correlationDifference(real, synthetic), "difference"),
      ],
    };
  }
  // One at a time: rendering is CPU-bound, and interleaving gains nothing.
  const columns: ColumnPlot[] = [];
  for (let i = 0; i < specs.length; i++) {
    const [real] = pairs[i]!;
    columns.push({ column: real.name, kind: real.kind, svg: await renderSvg(specs[i]!) });
  }
  if (heatmaps === null) return { columns, correlation: null };
  const [real, synthetic, difference] = heatmaps.specs;
  return {
    columns,
    correlation: {
      columns: heatmaps.columns,
      real: await renderSvg(real!),
      synthetic: await renderSvg(synthetic!),
      difference: await renderSvg(difference!),
    },
  };
}
