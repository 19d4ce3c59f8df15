import type { TopLevelSpec } from "vega-lite";
import type { ColumnShares, CorrelationMatrix } from "./aggregate.js";

/**
 * Vega-Lite specifications of the evaluation plots. Each one is given aggregates only (shares,
 * correlations) as inline values under fixed field names, so that a column name never becomes
 * part of a field reference or an expression; names and labels only ever travel as data or
 * title text, which the SVG renderer escapes.
 */

export const SOURCE_COLOURS = { real: "#4c78a8", synthetic: "#f58518" } as const;

export const DISTRIBUTION_SIZE = { width: 640, height: 300 } as const;
export const HEATMAP_SIZE = { width: 440, height: 440 } as const;

const CONFIG = {
  font: "sans-serif",
  view: { stroke: null },
  axis: { labelLimit: 160, titleFontWeight: "normal" as const },
  title: { anchor: "start" as const, subtitleColor: "#555" },
};

/** A share as a percentage with one decimal, as the bars' descriptions write it. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

export function distributionSpec(shares: ColumnShares): TopLevelSpec {
  const continuous = shares.binWidth !== null;
  const values = shares.bars.flatMap((bar) =>
    (["real", "synthetic"] as const).map((source) => ({
      bar: bar.label,
      source,
      share: bar[source],
      description: `${source}, ${bar.label}: ${percent(bar[source])} of rows`,
    })),
  );
  const axisTitle = continuous
    ? `${shares.column} (${shares.kind === "datetime" ? "bin start, UTC; " : ""}bins of ${shares.binWidth})`
    : shares.column;
  const subtitle = [`${shares.rows.real} real rows, ${shares.rows.synthetic} synthetic rows`];
  const missing = shares.bars.find((b) => b.kind === "missing");
  if (missing) subtitle.push(`missing values: ${percent(missing.real)} real, ${percent(missing.synthetic)} synthetic`);
  if (shares.bars.some((b) => b.kind === "below" || b.kind === "above"))
    subtitle.push("< and > bars: synthetic values outside the real range's bins");
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    ...DISTRIBUTION_SIZE,
    autosize: { type: "fit", contains: "padding" },
    background: "white",
    config: CONFIG,
    title: { text: `${shares.column} — real vs synthetic (share of rows)`, subtitle },
    data: { values },
    mark: { type: "bar" },
    encoding: {
      x: {
        field: "bar",
        type: "nominal",
        title: axisTitle,
        scale: { domain: shares.bars.map((b) => b.label) },
        axis: { labelAngle: shares.bars.length > 8 || continuous ? -45 : 0 },
      },
      xOffset: { field: "source", type: "nominal", scale: { domain: ["real", "synthetic"] } },
      y: { field: "share", type: "quantitative", title: "share of rows", axis: { format: ".0%" } },
      color: {
        field: "source",
        type: "nominal",
        title: null,
        scale: { domain: ["real", "synthetic"], range: [SOURCE_COLOURS.real, SOURCE_COLOURS.synthetic] },
        legend: { orient: "top-right" },
      },
      description: { field: "description" },
    },
  };
}

/** How a correlation (or a difference of two) is written in a heatmap cell. */
export function correlationLabel(r: number | null): string {
  if (r === null) return "n/a";
  const text = r.toFixed(2);
  return text === "-0.00" ? "0.00" : text;
}

export function heatmapSpec(matrix: CorrelationMatrix, which: "real" | "synthetic" | "difference"): TopLevelSpec {
  const difference = which === "difference";
  const n = matrix.columns.length;
  const values = matrix.values.flatMap((row, i) =>
    row.map((r, j) => {
      const x = matrix.columns[j]!;
      const y = matrix.columns[i]!;
      const label = correlationLabel(r);
      return {
        x,
        y,
        r,
        label,
        ink: r !== null && Math.abs(r) > 0.6 ? "white" : "black",
        description: `${y} × ${x}: ${difference ? "|Δr|" : "r"} = ${label}`,
      };
    }),
  );
  const title = difference ? "Correlation difference |r real − r synthetic| (Pearson)" : `Correlation, ${which} data (Pearson)`;
  const subtitle = difference
    ? "colour saturates at 1; n/a: undefined on either side (a constant column)"
    : "n/a: undefined (a constant column or fewer than two rows with both values)";
  const axis = { type: "nominal" as const, sort: matrix.columns, title: null };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    ...HEATMAP_SIZE,
    autosize: { type: "fit", contains: "padding" },
    background: "white",
    config: CONFIG,
    title: { text: title, subtitle },
    data: { values },
    encoding: {
      x: { ...axis, field: "x", axis: { labelAngle: -45, orient: "top" } },
      y: { ...axis, field: "y" },
    },
    layer: [
      {
        transform: [{ filter: { field: "r", valid: true } }],
        mark: { type: "rect" },
        encoding: {
          color: {
            field: "r",
            type: "quantitative",
            title: difference ? "|Δr|" : "r",
            scale: difference
              ? { domain: [0, 1], clamp: true, scheme: "reds" }
              : { domain: [-1, 1], domainMid: 0, scheme: "redblue", reverse: true },
          },
          description: { field: "description" },
        },
      },
      {
        transform: [{ filter: { not: { field: "r", valid: true } } }],
        mark: { type: "rect", color: "#e5e5e5" },
        encoding: { description: { field: "description" } },
      },
      // Dark cells get white text. (A colour field without a scale beside the cells' colour scale
      // breaks Vega-Lite 6's compiler, hence one layer per ink.)
      ...(["black", "white"] as const).map((ink) => ({
        transform: [{ filter: { field: "ink", equal: ink } }],
        mark: { type: "text" as const, aria: false, color: ink, fontSize: Math.max(6, Math.min(12, Math.floor(300 / n / 3))) },
        encoding: { text: { field: "label" } },
      })),
    ],
  };
}
