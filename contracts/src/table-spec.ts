import { ContractError } from "./errors.js";
import { CLASSIFICATIONS, type Classification, type ColumnSpec, type OdcsContract, type TableSpec } from "./model.js";

const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/**
 * The tables of a contract in the form the platform works with. Assumes a contract that passed
 * `validateContract`; anything it still cannot read is reported with its path.
 */
export function tableSpecs(contract: OdcsContract): TableSpec[] {
  const problems: Array<{ path: string; message: string }> = [];
  const tables = (contract.schema ?? []).map((object, i): TableSpec => {
    const columns = (object.properties ?? []).map((p, j): ColumnSpec => {
      const at = `schema[${i}].properties[${j}]`;
      const classification = p.classification as Classification;
      if (!CLASSIFICATIONS.includes(classification)) {
        problems.push({ path: `${at}.classification`, message: `must be one of ${CLASSIFICATIONS.join(", ")}` });
      }
      const options = p.logicalTypeOptions ?? {};
      const validValues = p.quality?.find((q) => q.metric === "invalidValues" && q.arguments?.validValues)?.arguments
        ?.validValues as ColumnSpec["allowedValues"];
      const unit = p.customProperties?.find((c) => c.property === "unit")?.value;
      return {
        name: p.name,
        description: p.description ?? "",
        logicalType: p.logicalType ?? "string",
        physicalType: p.physicalType ?? "text",
        required: p.required === true,
        unique: p.unique === true,
        primaryKeyPosition: p.primaryKey ? (p.primaryKeyPosition ?? 1) : undefined,
        classification,
        unit: typeof unit === "string" ? unit : undefined,
        minimum: num(options.minimum),
        maximum: num(options.maximum),
        exclusiveMinimum: num(options.exclusiveMinimum),
        exclusiveMaximum: num(options.exclusiveMaximum),
        earliest: text(options.minimum),
        latest: text(options.maximum),
        minLength: num(options.minLength),
        maxLength: num(options.maxLength),
        pattern: typeof options.pattern === "string" ? options.pattern : undefined,
        allowedValues: validValues,
      };
    });
    const primaryKey = columns
      .filter((c) => c.primaryKeyPosition !== undefined)
      .sort((a, b) => (a.primaryKeyPosition ?? 0) - (b.primaryKeyPosition ?? 0))
      .map((c) => c.name);
    return {
      name: object.name,
      physicalName: object.physicalName ?? object.name,
      description: object.description ?? "",
      columns,
      primaryKey,
    };
  });
  if (problems.length > 0) throw new ContractError(`contract ${contract.id} cannot be read`, problems);
  return tables;
}
