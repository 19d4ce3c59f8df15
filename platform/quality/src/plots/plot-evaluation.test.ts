import { InputError, type Table } from "@mesh/core";
import { describe, expect, it } from "vitest";
import { plotEvaluation } from "../index.js";

const WEIGHT = 'weight <kg> & "x"';

// Distinctive real values: none of them may appear in any SVG.
const REAL_AGES = [123.456, 121.987, 124.321, 128.765, 136.789];
const REAL_WEIGHTS = [70.513, 80.257, 65.129, 90.871, 77.373, 85.629];

const real: Table = {
  columns: [
    { name: "age", kind: "numerical", values: [...REAL_AGES, null] },
    { name: WEIGHT, kind: "numerical", values: REAL_WEIGHTS },
    { name: "ward", kind: "categorical", values: ["north", "south", "north", "east", null, "north"] },
    { name: "smoker", kind: "boolean", values: [true, false, false, true, false, false] },
  ],
};
const synthetic: Table = {
  columns: [
    { name: "age", kind: "numerical", values: [122, 127, 127.5, 133, 141] },
    { name: WEIGHT, kind: "numerical", values: [71, 79, 66, 88, 80] },
    { name: "ward", kind: "categorical", values: ["north", "west", "west", "south", "north"] },
    { name: "smoker", kind: "boolean", values: [true, false, false, false, false] },
  ],
};

/** Vega escapes &, < and > in text and attributes, and " in attributes. */
function unescape(text: string): string {
  return text.replace(/&(lt|gt|quot|amp);/g, (_, name: string) => ({ lt: "<", gt: ">", quot: '"', amp: "&" })[name]!);
}

interface Bar {
  label: string;
  height: number;
}

/** The bar marks of a Vega SVG: their aria-label (the description we give) and height in pixels. */
function bars(svg: string): Bar[] {
  const found = [...svg.matchAll(/<path aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="bar" d="([^"]*)"/g)];
  return found.map((m) => {
    const height = /^M[-\d.e]+,[-\d.e]+h[-\d.e]+v([-\d.e]+)h/.exec(m[2]!);
    if (!height) throw new Error(`unexpected bar path ${m[2]!}`);
    return { label: unescape(m[1]!), height: Number(height[1]) };
  });
}

/** The heatmap cells (rect marks) and their aria-labels. */
function cells(svg: string): string[] {
  return [...svg.matchAll(/<path aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="rect mark"/g)].map((m) =>
    unescape(m[1]!),
  );
}

/** The text of every line (a multi-line title is one <tspan> per line). */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<(?:text|tspan)\b[^>]*>([^<]+)</g)].map((m) => unescape(m[1]!));
}

describe("plotEvaluation", () => {
  it("draws one bar per bin and source, heights proportional to the shares", async () => {
    const plots = await plotEvaluation({ real, synthetic, columns: ["age"], bins: 4 });
    expect(plots.columns.map((c) => [c.column, c.kind])).toEqual([["age", "numerical"]]);
    const svg = plots.columns[0]!.svg;
    // bins of 5 over [120, 140] (the real range 121.987–136.789 rounded out); real: 3, 1, 0, 1 of 6 rows
    // and 1 null; synthetic: 122 | 127, 127.5 | 133 | – | 141 beyond the bins, of 5 rows
    const shares: [string, number, number][] = [
      ["[120, 125)", 3 / 6, 1 / 5],
      ["[125, 130)", 1 / 6, 2 / 5],
      ["[130, 135)", 0, 1 / 5],
      ["[135, 140]", 1 / 6, 0],
      ["> 140", 0, 1 / 5],
      ["(missing)", 1 / 6, 0],
    ];
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
    const drawn = bars(svg);
    expect(drawn.map((b) => b.label)).toEqual(
      shares.flatMap(([bin, r, s]) => [`real, ${bin}: ${pct(r)} of rows`, `synthetic, ${bin}: ${pct(s)} of rows`]),
    );
    const expected = shares.flatMap(([, r, s]) => [r, s]);
    const pixelsPerShare = drawn[0]!.height / expected[0]!;
    expect(pixelsPerShare).toBeGreaterThan(100);
    drawn.forEach((bar, i) => expect(bar.height).toBeCloseTo(expected[i]! * pixelsPerShare, 6));

    expect(svg).toMatch(/^<svg [^>]*width="640" height="300"/);
    const words = texts(svg);
    expect(words).toContain("age — real vs synthetic (share of rows)");
    expect(words).toContain("6 real rows, 5 synthetic rows");
    expect(words).toContain("missing values: 16.7% real, 0.0% synthetic");
    expect(words).toContain("age (bins of 5)");
    expect(words.filter((w) => w === "real" || w === "synthetic")).toEqual(["real", "synthetic"]); // the legend
  });

  it("groups categories beyond maxCategories as other, and puts missing values last", async () => {
    const plots = await plotEvaluation({ real, synthetic, columns: ["ward", "smoker"], maxCategories: 1 });
    // ward: north 3/6 vs 2/5; south, east, west summed: 2/6 vs 3/5; null 1/6 vs 0
    expect(bars(plots.columns[0]!.svg).map((b) => b.label)).toEqual([
      "real, north: 50.0% of rows",
      "synthetic, north: 40.0% of rows",
      "real, other (3 categories): 33.3% of rows",
      "synthetic, other (3 categories): 60.0% of rows",
      "real, (missing): 16.7% of rows",
      "synthetic, (missing): 0.0% of rows",
    ]);
    expect(bars(plots.columns[1]!.svg).map((b) => b.label)).toEqual([
      "real, false: 66.7% of rows",
      "synthetic, false: 80.0% of rows",
      "real, true: 33.3% of rows",
      "synthetic, true: 20.0% of rows",
    ]);
    expect(plots.correlation).toBeNull(); // no numerical column among those plotted
  });

  it("never writes a real value into an SVG, and escapes names", async () => {
    const plots = await plotEvaluation({ real, synthetic });
    const all = [
      ...plots.columns.map((c) => c.svg),
      plots.correlation!.real,
      plots.correlation!.synthetic,
      plots.correlation!.difference,
    ];
    expect(all).toHaveLength(7);
    for (const svg of all) {
      for (const value of [...REAL_AGES, ...REAL_WEIGHTS]) expect(svg).not.toContain(String(value));
      expect(svg).not.toContain("<kg>");
    }
    const weight = plots.columns[1]!.svg;
    expect(weight).toContain('>weight &lt;kg&gt; &amp; "x" — real vs synthetic (share of rows)</text>');
    expect(texts(weight)).toContain(`${WEIGHT} — real vs synthetic (share of rows)`);
  });

  it("draws heatmap cells with the rounded correlations, on fixed colour scales", async () => {
    // real: r(x, y) = .5 (see aggregate.test.ts), r(x, z) = −1, r(y, z) = −.5;
    // synthetic: y = x, z = 2x → every r = 1; |Δr| = .5, 2, 1.5
    const t = (x: number[], y: number[], z: number[]): Table => ({
      columns: [
        { name: "x", kind: "numerical", values: x },
        { name: "y", kind: "numerical", values: y },
        { name: "label", kind: "categorical", values: ["a", "b", "c"] },
        { name: "z", kind: "datetime", values: z },
      ],
    });
    const plots = await plotEvaluation({
      real: t([1, 2, 3], [1, 3, 2], [3, 2, 1]),
      synthetic: t([1, 2, 3], [1, 2, 3], [2, 4, 6]),
    });
    const heatmaps = plots.correlation!;
    expect(heatmaps.columns).toEqual(["x", "y", "z"]);
    const matrix = (name: string, m: string[][]): string[] =>
      m.flatMap((row, i) => row.map((v, j) => `${["x", "y", "z"][i]!} × ${["x", "y", "z"][j]!}: ${name} = ${v}`));
    expect(cells(heatmaps.real)).toEqual(
      matrix("r", [
        ["1.00", "0.50", "-1.00"],
        ["0.50", "1.00", "-0.50"],
        ["-1.00", "-0.50", "1.00"],
      ]),
    );
    expect(cells(heatmaps.synthetic)).toEqual(
      matrix(
        "r",
        Array.from({ length: 3 }, () => ["1.00", "1.00", "1.00"]),
      ),
    );
    expect(cells(heatmaps.difference)).toEqual(
      matrix("|Δr|", [
        ["0.00", "0.50", "2.00"],
        ["0.50", "0.00", "1.50"],
        ["2.00", "1.50", "0.00"],
      ]),
    );
    expect(texts(heatmaps.real).filter((w) => /^-?\d\.\d\d$/.test(w))).toEqual([
      ...["0.50", "0.50", "-0.50", "-0.50"], // black on light cells, then white on dark ones
      ...["1.00", "-1.00", "1.00", "-1.00", "1.00"],
    ]);
    expect(heatmaps.real).toMatch(/^<svg [^>]*width="440" height="440"/);
    // r = −1 and 1 take the ends of the diverging scale, whatever the data's range.
    const fill = (svg: string, label: string): string =>
      new RegExp(
        `aria-label="${label.replace(/[|()]/g, "\\$&")}" role="graphics-symbol" aria-roledescription="rect mark" d="[^"]*" fill="([^"]+)"`,
      ).exec(svg)![1]!;
    expect(fill(heatmaps.synthetic, "x × y: r = 1.00")).toBe(fill(heatmaps.real, "x × x: r = 1.00"));
    expect(fill(heatmaps.real, "x × z: r = -1.00")).not.toBe(fill(heatmaps.real, "x × x: r = 1.00"));
    expect(fill(heatmaps.difference, "x × z: |Δr| = 2.00")).toBe(fill(heatmaps.difference, "y × z: |Δr| = 1.50")); // clamped at 1
  });

  it("shows an undefined correlation as n/a", async () => {
    const t = (z: number[]): Table => ({
      columns: [
        { name: "x", kind: "numerical", values: [1, 2, 3] },
        { name: "z", kind: "numerical", values: z },
      ],
    });
    const plots = await plotEvaluation({ real: t([5, 5, 5]), synthetic: t([1, 2, 3]) });
    expect(cells(plots.correlation!.difference)).toEqual([
      "x × x: |Δr| = 0.00",
      "x × z: |Δr| = n/a",
      "z × x: |Δr| = n/a",
      "z × z: |Δr| = n/a",
    ]);
  });

  it("returns the same strings for the same input, with ids of their own", async () => {
    const first = await plotEvaluation({ real, synthetic });
    const second = await plotEvaluation({ real, synthetic });
    expect(second).toEqual(first);
    const ids = (svg: string): string[] => [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    const gradients = [first.correlation!.real, first.correlation!.difference].map(ids);
    expect(gradients[0]!.length).toBeGreaterThan(0);
    for (const id of gradients.flat()) expect(id).toMatch(/^mesh-[0-9a-f]{8}-\d+$/);
    expect(gradients[0]![0]).not.toBe(gradients[1]![0]);
  });

  it("refuses unknown columns, kinds that differ and columns named twice", async () => {
    await expect(plotEvaluation({ real, synthetic, columns: ["height"] })).rejects.toThrow(InputError);
    await expect(plotEvaluation({ real, synthetic, columns: ["age", "age"] })).rejects.toThrow(/named twice/);
    const other: Table = { columns: [{ name: "age", kind: "categorical", values: ["1"] }] };
    await expect(plotEvaluation({ real, synthetic: other, columns: ["age"] })).rejects.toThrow(
      'column "age" is numerical in the real table and categorical in the synthetic one',
    );
  });
});
