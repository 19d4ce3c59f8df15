import type pg from "pg";
import { lastLoadedAt } from "@mesh/ingest";
import { syntheticObjectives, type OdcsContract, type QualityRule } from "@mesh/contracts";
import type { Dataset } from "../define.js";

export interface SloMeasurement {
  dataset: string;
  metric: string;
  column: string | null;
  objective: string;
  description: string | null;
  status: "MET" | "MISSED" | "UNKNOWN";
  measured: number | null;
  measuredAt: string | null;
}

const COMPARISONS: ReadonlyArray<[keyof QualityRule & string, string, (m: number, t: number) => boolean]> = [
  ["mustBe", "=", (m, t) => m === t],
  ["mustNotBe", "≠", (m, t) => m !== t],
  ["mustBeGreaterThan", ">", (m, t) => m > t],
  ["mustBeGreaterOrEqualTo", ">=", (m, t) => m >= t],
  ["mustBeLessThan", "<", (m, t) => m < t],
  ["mustBeLessOrEqualTo", "<=", (m, t) => m <= t],
];

const HOURS_PER_UNIT: Record<string, number> = { h: 1, d: 24, w: 24 * 7, m: 24 * 30, y: 24 * 365 };

/**
 * The service-level objectives a dataset's contract declares, measured now: table and column
 * quality rules (rowCount, nullValues, invalidValues) with SQL over the table, and the `latency`
 * SLA as the age of the last completed load. Rules the platform does not measure yet (and the
 * synthetic version's objectives, until it is evaluated) are listed as UNKNOWN rather than left out.
 */
export async function measureSlos(pool: pg.Pool, dataset: Dataset): Promise<SloMeasurement[]> {
  const contract = dataset.contract.document;
  const object = contract.schema?.find((o) => o.name === dataset.table.name);
  const table = `"${dataset.schema}"."${dataset.table.physicalName}"`;
  const now = new Date().toISOString();
  const total = (await pool.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]?.n ?? 0;
  const out: SloMeasurement[] = [];

  const judge = (rule: QualityRule, column: string | null, measured: number | null, unit = "") => {
    const found = COMPARISONS.find(([key]) => typeof rule[key] === "number");
    const between = Array.isArray(rule.mustBeBetween) ? (rule.mustBeBetween as number[]) : undefined;
    const objective = found
      ? `${found[1]} ${String(rule[found[0]])}${unit}`
      : between
        ? `between ${between[0]} and ${between[1]}${unit}`
        : "(no threshold)";
    let status: SloMeasurement["status"] = "UNKNOWN";
    if (measured !== null && found) status = found[2](measured, rule[found[0]] as number) ? "MET" : "MISSED";
    if (measured !== null && between) status = measured >= between[0]! && measured <= between[1]! ? "MET" : "MISSED";
    out.push({
      dataset: dataset.urn,
      metric: rule.metric ?? "custom",
      column,
      objective,
      description: rule.description ?? null,
      status,
      measured,
      measuredAt: measured === null ? null : now,
    });
  };

  for (const rule of object?.quality ?? []) {
    judge(rule, null, rule.metric === "rowCount" ? total : null);
  }
  for (const property of object?.properties ?? []) {
    const column = `"${property.name.replace(/"/g, '""')}"`;
    for (const rule of property.quality ?? []) {
      if (rule.metric === "nullValues") {
        const nulls =
          (await pool.query<{ n: number }>(`select count(*)::int as n from ${table} where ${column} is null`)).rows[0]?.n ?? 0;
        const percent = rule.unit === "percent";
        judge(rule, property.name, percent ? (total === 0 ? 0 : (100 * nulls) / total) : nulls, percent ? " percent" : "");
      } else if (rule.metric === "invalidValues" && Array.isArray(rule.arguments?.validValues)) {
        const valid = (rule.arguments.validValues as unknown[]).map(String);
        const invalid =
          (
            await pool.query<{ n: number }>(
              `select count(*)::int as n from ${table} where ${column} is not null and not (${column}::text = any($1))`,
              [valid],
            )
          ).rows[0]?.n ?? 0;
        judge(rule, property.name, invalid);
      } else {
        judge(rule, property.name, null);
      }
    }
  }
  for (const sla of (contract as OdcsContract).slaProperties ?? []) {
    if (sla.property === "latency" && typeof sla.value === "number" && HOURS_PER_UNIT[sla.unit ?? "d"]) {
      const at = await lastLoadedAt(pool, dataset.urn);
      const ageHours = at === null ? null : (Date.now() - at.getTime()) / 3_600_000;
      const limit = sla.value * HOURS_PER_UNIT[sla.unit ?? "d"]!;
      out.push({
        dataset: dataset.urn,
        metric: "latency",
        column: null,
        objective: `<= ${sla.value} ${sla.unit ?? "d"} since the last load`,
        description: typeof sla.description === "string" ? sla.description : null,
        status: ageHours === null ? "MISSED" : ageHours <= limit ? "MET" : "MISSED",
        measured: ageHours,
        measuredAt: now,
      });
    } else {
      out.push({
        dataset: dataset.urn,
        metric: sla.property,
        column: null,
        objective: `${String(sla.value)}${sla.unit ? ` ${sla.unit}` : ""}`,
        description: typeof sla.description === "string" ? sla.description : null,
        status: "UNKNOWN",
        measured: null,
        measuredAt: null,
      });
    }
  }
  // The synthetic version's objectives: measured by its evaluation, which has not run yet.
  for (const objective of syntheticObjectives(contract as OdcsContract).objectives) {
    out.push({
      dataset: dataset.urn,
      metric: `synthetic.${objective.metric}`,
      column: null,
      objective: `${objective.comparison} ${objective.threshold}`,
      description: `Synthetic data (${objective.group}): ${objective.description}. Not evaluated yet.`,
      status: "UNKNOWN",
      measured: null,
      measuredAt: null,
    });
  }
  return out;
}
