import { describe, expect, it } from "vitest";
import { REMOVE, edited, validContract, type Edit } from "./__fixtures__/fixtures.js";
import { diffContracts, type ContractChange } from "./index.js";

// Edits address the fixture by index; changes name tables and columns. Columns by index:
// 0 session_id, 1 patient_id, 2 unit_code, 3 session_date, 4 started_at, 5 duration_minutes,
// 6 ultrafiltration_volume, 7 kt_v, 8 access_type, 9 completed.
const C = (j: number) => `schema[0].properties[${j}]`;
const S = "schema[sessions]";
const P = (column: string) => `${S}.properties[${column}]`;

const diff = (...edits: Edit[]) => diffContracts(validContract(), edited(validContract(), ...edits));
const breaking = (path: string, message: string): ContractChange => ({ kind: "breaking", path, message });
const compatible = (path: string, message: string): ContractChange => ({ kind: "non-breaking", path, message });

describe("diffContracts", () => {
  it("returns no changes when the contracts are the same (the version aside)", () => {
    expect(diff(["version", "9.9.9"])).toEqual([]);
  });

  it("reports a breaking change when a table is removed", () => {
    const next = validContract();
    const previous = edited(next, [
      "schema[1]",
      { ...structuredClone(next.schema![0]!), name: "sessions_2014", physicalName: "sessions_2014" },
    ]);
    expect(diffContracts(previous, next)).toEqual([
      breaking("schema[sessions_2014]", "table sessions_2014 (sessions_2014) removed or renamed"),
    ]);
  });

  it("reports a non-breaking change when a table is added", () => {
    const previous = validContract();
    const next = edited(previous, [
      "schema[1]",
      { ...structuredClone(previous.schema![0]!), name: "sessions_2014", physicalName: "sessions_2014" },
    ]);
    expect(diffContracts(previous, next)).toEqual([
      compatible("schema[sessions_2014]", "new table sessions_2014 (sessions_2014)"),
    ]);
  });

  it("reports a breaking change when a table's physicalName changes", () => {
    expect(diff(["schema[0].physicalName", "dialysis_sessions"])).toEqual([
      breaking(`${S}.physicalName`, 'changed from "sessions" to "dialysis_sessions": consumers query the table by it'),
    ]);
  });

  it("reports a breaking change when a column is removed", () => {
    expect(diff([C(7), REMOVE])).toEqual([breaking(P("kt_v"), "column kt_v removed or renamed")]);
  });

  it("reports a renamed column as removed or renamed, plus the new column", () => {
    expect(diff([`${C(7)}.name`, "ktv_single_pool"])).toEqual([
      breaking(P("kt_v"), "column kt_v removed or renamed"),
      compatible(P("ktv_single_pool"), "new nullable column ktv_single_pool (number, nullable)"),
    ]);
  });

  it("reports a breaking change when a required column is added", () => {
    const column = { ...structuredClone(validContract().schema![0]!.properties![9]!), name: "machine_id" };
    expect(diff([C(10), column])).toEqual([
      breaking(
        P("machine_id"),
        "new required column machine_id (boolean, not null): existing rows and producers have no value for it",
      ),
    ]);
  });

  it("reports a non-breaking change when a nullable column is added", () => {
    const column = { ...structuredClone(validContract().schema![0]!.properties![9]!), name: "machine_id", required: false };
    expect(diff([C(10), column])).toEqual([compatible(P("machine_id"), "new nullable column machine_id (boolean, nullable)")]);
  });

  it.each([
    ["number", "integer"],
    ["string", "integer"],
    ["timestamp", "date"],
    ["integer", "boolean"],
  ])("reports a breaking change when the logicalType narrows from %s to %s", (from, to) => {
    const previous = edited(validContract(), [`${C(6)}.logicalType`, from]);
    const next = edited(previous, [`${C(6)}.logicalType`, to]);
    expect(diffContracts(previous, next)).toEqual([
      breaking(
        P("ultrafiltration_volume") + ".logicalType",
        `changed from "${from}" to "${to}": existing values or consumers may not fit the new type`,
      ),
    ]);
  });

  it.each([
    ["integer", "number"],
    ["date", "timestamp"],
    ["integer", "string"],
    ["boolean", "string"],
  ])("reports a non-breaking change when the logicalType widens from %s to %s", (from, to) => {
    const previous = edited(validContract(), [`${C(6)}.logicalType`, from]);
    const next = edited(previous, [`${C(6)}.logicalType`, to]);
    expect(diffContracts(previous, next)).toEqual([
      compatible(P("ultrafiltration_volume") + ".logicalType", `widened from "${from}" to "${to}"`),
    ]);
  });

  it.each([
    ["bigint", "integer"],
    ["integer", "smallint"],
    ["character varying(12)", "character varying(10)"],
    ["character(3)", "character(2)"],
    ["numeric(6,1)", "numeric(5,1)"],
    ["numeric", "numeric(12,2)"],
    ["double precision", "real"],
    ["text", "character varying(200)"],
  ])("reports a breaking change when the physicalType narrows from %s to %s", (from, to) => {
    const previous = edited(validContract(), [`${C(6)}.physicalType`, from]);
    const next = edited(previous, [`${C(6)}.physicalType`, to]);
    expect(diffContracts(previous, next)).toEqual([
      breaking(P("ultrafiltration_volume") + ".physicalType", `narrowed from "${from}" to "${to}": existing values may not fit`),
    ]);
  });

  it.each([
    ["double precision", "numeric"],
    ["double precision", "numeric(20,6)"],
    ["timestamp without time zone", "timestamp with time zone"],
    ["numeric(6,1)", "numeric(6,2)"],
    ["numeric(6,1)", "numeric(6,0)"],
    ["date", "character varying(8)"],
  ])("reports a breaking change when the physicalType changes from %s to %s, which cannot hold every value", (from, to) => {
    const previous = edited(validContract(), [`${C(6)}.physicalType`, from]);
    const next = edited(previous, [`${C(6)}.physicalType`, to]);
    expect(diffContracts(previous, next)).toEqual([
      breaking(
        P("ultrafiltration_volume") + ".physicalType",
        `changed from "${from}" to "${to}", which cannot hold every previous value`,
      ),
    ]);
  });

  it.each([
    ["smallint", "integer"],
    ["integer", "bigint"],
    ["integer", "numeric(10,0)"],
    ["character varying(12)", "character varying(40)"],
    ["character(3)", "character varying(3)"],
    ["character varying(12)", "text"],
    ["numeric(6,1)", "numeric(8,2)"],
    ["numeric(6,1)", "numeric"],
    ["real", "double precision"],
    ["integer", "double precision"],
    ["date", "timestamp with time zone"],
    ["bigint", "text"],
  ])("reports a non-breaking change when the physicalType widens from %s to %s", (from, to) => {
    const previous = edited(validContract(), [`${C(6)}.physicalType`, from]);
    const next = edited(previous, [`${C(6)}.physicalType`, to]);
    expect(diffContracts(previous, next)).toEqual([
      compatible(P("ultrafiltration_volume") + ".physicalType", `widened from "${from}" to "${to}"`),
    ]);
  });

  it("reports a breaking change when a column becomes required", () => {
    expect(diff([`${C(7)}.required`, true])).toEqual([
      breaking(`${P("kt_v")}.required`, "changed from false to true: null values the previous version allowed are refused"),
    ]);
  });

  it("reports a non-breaking change when a column becomes nullable", () => {
    expect(diff([`${C(5)}.required`, false])).toEqual([
      compatible(`${P("duration_minutes")}.required`, "changed from true to false"),
    ]);
  });

  it("reports a breaking change when a column becomes unique", () => {
    expect(diff([`${C(3)}.unique`, true])).toEqual([
      breaking(
        `${P("session_date")}.unique`,
        "changed from false to true: duplicate values the previous version allowed are refused",
      ),
    ]);
  });

  const O = (j: number, option: string) => `${C(j)}.logicalTypeOptions.${option}`;
  const PO = (column: string, option: string) => `${P(column)}.logicalTypeOptions.${option}`;
  const refused = ": values the previous version allowed are refused";

  it.each<[string, Edit[], ContractChange[]]>([
    [
      "the minimum is raised",
      [[O(5, "minimum"), 10]],
      [breaking(PO("duration_minutes", "minimum"), `raised from 0 to 10${refused}`)],
    ],
    [
      "a minimum is added",
      [[O(4, "minimum"), "2015-01-01T00:00:00Z"]],
      [breaking(PO("started_at", "minimum"), 'added: "2015-01-01T00:00:00Z" (a constraint the previous version did not have)')],
    ],
    [
      "the maximum is lowered",
      [[O(5, "maximum"), 480]],
      [breaking(PO("duration_minutes", "maximum"), `lowered from 600 to 480${refused}`)],
    ],
    [
      "an exclusiveMaximum is added",
      [[O(5, "exclusiveMaximum"), 600]],
      [breaking(PO("duration_minutes", "exclusiveMaximum"), "added: 600 (a constraint the previous version did not have)")],
    ],
    [
      "the exclusiveMinimum is raised",
      [[O(7, "exclusiveMinimum"), 0.5]],
      [breaking(PO("kt_v", "exclusiveMinimum"), `raised from 0 to 0.5${refused}`)],
    ],
    [
      "a date minimum is raised",
      [[O(3, "minimum"), "2018-01-01"]],
      [breaking(PO("session_date", "minimum"), `raised from "2015-01-01" to "2018-01-01"${refused}`)],
    ],
    [
      "the minLength is raised",
      [
        [O(1, "minLength"), 13],
        [O(1, "maxLength"), 13],
      ],
      [
        breaking(PO("patient_id", "minLength"), `raised from 12 to 13${refused}`),
        compatible(PO("patient_id", "maxLength"), "raised from 12 to 13"),
      ],
    ],
    [
      "the maxLength is lowered",
      [[O(1, "maxLength"), 11]],
      [breaking(PO("patient_id", "maxLength"), `lowered from 12 to 11${refused}`)],
    ],
    [
      "a pattern is added",
      [[`${C(2)}.logicalTypeOptions`, { pattern: "^[A-Z]{3}$" }]],
      [breaking(PO("unit_code", "pattern"), 'added: "^[A-Z]{3}$" (a constraint the previous version did not have)')],
    ],
    [
      "the pattern changes",
      [[O(1, "pattern"), "^MRN[0-9]{8}X$"]],
      [breaking(PO("patient_id", "pattern"), 'changed from "^MRN[0-9]{9}$" to "^MRN[0-9]{8}X$"')],
    ],
  ])("reports a breaking change when %s", (_rule, edits, changes) => {
    expect(diff(...edits)).toEqual(changes);
  });

  it.each<[string, Edit[], ContractChange[]]>([
    ["the minimum is lowered", [[O(0, "minimum"), 0]], [compatible(PO("session_id", "minimum"), "lowered from 1 to 0")]],
    [
      "the maximum is raised",
      [[O(5, "maximum"), 720]],
      [compatible(PO("duration_minutes", "maximum"), "raised from 600 to 720")],
    ],
    [
      "a maximum is removed",
      [[O(6, "maximum"), REMOVE]],
      [compatible(PO("ultrafiltration_volume", "maximum"), "removed (was 8000)")],
    ],
    [
      "the pattern is removed",
      [[O(1, "pattern"), REMOVE]],
      [compatible(PO("patient_id", "pattern"), 'removed (was "^MRN[0-9]{9}$")')],
    ],
  ])("reports a non-breaking change when %s", (_rule, edits, changes) => {
    expect(diff(...edits)).toEqual(changes);
  });

  const VALUES = (j: number) => `${C(j)}.quality[0].arguments.validValues`;

  it("reports a breaking change when allowed values are removed", () => {
    expect(diff([VALUES(8), ["fistula", "graft"]])).toEqual([
      breaking(`${P("access_type")}.validValues`, 'values removed: "catheter" (were allowed, now refused)'),
    ]);
  });

  it("reports a non-breaking change when allowed values are added", () => {
    expect(diff([VALUES(8), ["fistula", "graft", "catheter", "port"]])).toEqual([
      compatible(`${P("access_type")}.validValues`, 'values added: "port"'),
    ]);
  });

  it("reports both when allowed values are replaced", () => {
    expect(diff([VALUES(2), ["NOR", "SOU", "WST"]])).toEqual([
      breaking(`${P("unit_code")}.validValues`, 'values removed: "EST" (were allowed, now refused)'),
      compatible(`${P("unit_code")}.validValues`, 'values added: "WST"'),
    ]);
  });

  it("reports a breaking change when a closed set of values is introduced", () => {
    expect(diff([`${C(5)}.quality`, [{ metric: "invalidValues", arguments: { validValues: [240, 300] }, mustBe: 0 }]])).toEqual([
      breaking(`${P("duration_minutes")}.validValues`, "closed set introduced: 240, 300; any other value is refused"),
    ]);
  });

  it("reports a non-breaking change when a closed set of values is removed", () => {
    expect(diff([`${C(8)}.quality`, REMOVE])).toEqual([
      compatible(`${P("access_type")}.validValues`, 'closed set removed (was "fistula", "graft", "catheter")'),
    ]);
  });

  it.each([
    ["phi", "quasi-identifier", 1],
    ["phi", "public", 1],
    ["quasi-identifier", "sensitive-attribute", 2],
    ["sensitive-attribute", "public", 8],
  ] as const)("reports a breaking change when the classification is loosened from %s to %s", (from, to, j) => {
    const previous = edited(validContract(), [`${C(j)}.classification`, from]);
    const next = edited(previous, [`${C(j)}.classification`, to]);
    const column = previous.schema![0]!.properties![j]!.name;
    expect(diffContracts(previous, next)).toEqual([
      breaking(
        `${P(column)}.classification`,
        `loosened from "${from}" to "${to}": the column would be released with less protection`,
      ),
    ]);
  });

  it.each([
    ["public", "sensitive-attribute"],
    ["sensitive-attribute", "quasi-identifier"],
    ["quasi-identifier", "phi"],
  ])("reports a non-breaking change when the classification is tightened from %s to %s", (from, to) => {
    const previous = edited(validContract(), [`${C(4)}.classification`, from]);
    const next = edited(previous, [`${C(4)}.classification`, to]);
    expect(diffContracts(previous, next)).toEqual([
      compatible(`${P("started_at")}.classification`, `tightened from "${from}" to "${to}"`),
    ]);
  });

  it("reports a breaking change when the classification becomes one Mesh does not know", () => {
    expect(diff([`${C(1)}.classification`, "confidential"])).toEqual([
      breaking(
        `${P("patient_id")}.classification`,
        'changed from "phi" to "confidential": Mesh cannot tell whether it protects less',
      ),
    ]);
  });

  it("reports a breaking change when the primary key changes", () => {
    expect(diff([`${C(3)}.primaryKey`, true], [`${C(3)}.primaryKeyPosition`, 2])).toEqual([
      breaking(`${S}.primaryKey`, "changed from (session_id) to (session_id, session_date): rows are identified differently"),
    ]);
  });

  it("reports a breaking change when the contract's id changes", () => {
    expect(diff(["id", "urn:mesh:nephrology:dialysis:treatments"])).toEqual([
      breaking(
        "id",
        'changed from "urn:mesh:nephrology:dialysis:sessions" to "urn:mesh:nephrology:dialysis:treatments": consumers address the dataset by it',
      ),
    ]);
  });

  it("reports non-breaking changes when only documentation changes", () => {
    expect(
      diff(
        ["description.usage", "Adequacy analysis."],
        ["tags[4]", "kt-v"],
        ["schema[0].description", "One session."],
        [`${C(5)}.description`, "Minutes on the machine."],
        [`${C(5)}.businessName`, "Session duration"],
        [`${C(5)}.customProperties[0].value`, "minutes"],
        [`${C(7)}.tags`, ["adequacy"]],
      ),
    ).toEqual([
      compatible("tags", 'changed: added "kt-v"'),
      compatible(
        "description.usage",
        'changed from "Adequacy and capacity analysis: session duration, ultrafil… to "Adequacy analysis."',
      ),
      compatible(`${S}.description`, 'changed from "One haemodialysis session of one patient in one unit." to "One session."'),
      breaking(`${P("duration_minutes")}.unit`, 'changed from "min" to "minutes": every value now means something else'),
      compatible(`${P("duration_minutes")}.businessName`, 'changed from "Duration" to "Session duration"'),
      compatible(
        `${P("duration_minutes")}.description`,
        'changed from "Time on the machine, from connection to disconnection." to "Minutes on the machine."',
      ),
      compatible(`${P("kt_v")}.tags`, 'added: ["adequacy"]'),
    ]);
  });
});
