import { describe, expect, it } from "vitest";
import { REMOVE, edited, validContract, validDescriptor, type Edit } from "./__fixtures__/fixtures.js";
import { validateContract, validateDescriptor, type ContractProblem } from "./index.js";

// Columns of the fixture table, by index: 0 session_id, 1 patient_id, 2 unit_code,
// 3 session_date, 4 started_at, 5 duration_minutes, 6 ultrafiltration_volume, 7 kt_v,
// 8 access_type, 9 completed.
const T = "schema[0]";
const C = (j: number) => `schema[0].properties[${j}]`;

type Row = [rule: string, edits: Edit[], problems: ContractProblem[]];

describe("validateContract", () => {
  it("returns no problems for the valid fixture contract", () => {
    expect(validateContract(validContract())).toEqual([]);
  });

  const officialSchemaRows: Row[] = [
    [
      "kind is not DataContract",
      [["kind", "Contract"]],
      [{ path: "kind", message: 'must be one of "DataContract" (got "Contract")' }],
    ],
    [
      "a logicalType is not an ODCS type",
      [[`${C(3)}.logicalType`, "datetime"]],
      [
        {
          path: `${C(3)}.logicalType`,
          message:
            'must be one of "string", "date", "timestamp", "time", "number", "integer", "object", "array", "boolean" (got "datetime")',
        },
      ],
    ],
    [
      "a column has a property ODCS does not define",
      [[`${C(1)}.colour`, "red"]],
      [{ path: `${C(1)}.colour`, message: 'unknown property "colour": ODCS v3.1.0 does not define it here' }],
    ],
    [
      "the document has a property ODCS does not define",
      [["owner", "amara.okafor"]],
      [{ path: "owner", message: 'unknown property "owner": ODCS v3.1.0 does not define it here' }],
    ],
    [
      "a logicalTypeOptions key does not belong to the logical type",
      [[`${C(1)}.logicalTypeOptions.minimum`, 3]],
      [
        {
          path: `${C(1)}.logicalTypeOptions.minimum`,
          message: 'unknown property "minimum": ODCS v3.1.0 does not define it here',
        },
      ],
    ],
    ["a required field is missing", [["status", REMOVE]], [{ path: "status", message: 'required property "status" is missing' }]],
    [
      "a column has no name",
      [[`${C(2)}.name`, REMOVE]],
      [{ path: `${C(2)}.name`, message: 'required property "name" is missing' }],
    ],
    [
      "a value has the wrong type",
      [[`${C(2)}.required`, "yes"]],
      [{ path: `${C(2)}.required`, message: "must be a boolean (got string)" }],
    ],
    [
      "a quality metric is not an ODCS metric (once, without the noise of the rules it fails)",
      [[`${C(2)}.quality[0].metric`, "validValues"]],
      [
        {
          path: `${C(2)}.quality[0].metric`,
          message:
            'must be one of "nullValues", "missingValues", "invalidValues", "duplicateValues", "rowCount" (got "validValues")',
        },
      ],
    ],
    [
      "team is neither of the shapes ODCS allows",
      [["team", "nephrology-team"]],
      [{ path: "team", message: "must be an object or an array (got string)" }],
    ],
    [
      "a team member has a property ODCS does not define",
      [["team.members[0].email", "amara@example.org"]],
      [{ path: "team.members[0].email", message: 'unknown property "email": ODCS v3.1.0 does not define it here' }],
    ],
    [
      "an SLA value is an object",
      [["slaProperties[0].value", { days: 1 }]],
      [{ path: "slaProperties[0].value", message: "must be a string, a number, a boolean or null (got object)" }],
    ],
    [
      "a timestamp field is not a date-time",
      [["contractCreatedTs", "yesterday"]],
      [{ path: "contractCreatedTs", message: 'must be a valid date-time (got "yesterday")' }],
    ],
    [
      "schema is not a list (and Mesh's table rules are not run on it)",
      [["schema", { sessions: {} }]],
      [{ path: "schema", message: "must be an array (got object)" }],
    ],
  ];

  it.each(officialSchemaRows)("reports the official schema's problem when %s", (_rule, edits, problems) => {
    expect(validateContract(edited(validContract(), ...edits))).toEqual(problems);
  });

  const documentRows: Row[] = [
    [
      "apiVersion is an older ODCS version",
      [["apiVersion", "v3.0.2"]],
      [{ path: "apiVersion", message: 'must be "v3.1.0": Mesh writes every contract against ODCS v3.1.0 (got "v3.0.2")' }],
    ],
    [
      "status is not active",
      [["status", "draft"]],
      [{ path: "status", message: 'must be "active": Mesh serves active contracts only (got "draft")' }],
    ],
    [
      "version is not semantic",
      [["version", "1.2"]],
      [{ path: "version", message: 'must be a semantic version like 1.0.0 (got "1.2")' }],
    ],
    [
      "id is not a dataset URN",
      [["id", "urn:mesh:nephrology:dialysis"]],
      [
        {
          path: "id",
          message:
            'must be the dataset URN urn:mesh:<domain>:<product>:<dataset>, in lowercase (got "urn:mesh:nephrology:dialysis")',
        },
      ],
    ],
    [
      "domain disagrees with the id",
      [["domain", "renal"]],
      [{ path: "domain", message: 'must agree with the id: "nephrology" (got "renal")' }],
    ],
    ["domain is missing", [["domain", REMOVE]], [{ path: "domain", message: 'is required ("nephrology", from the id)' }]],
    [
      "dataProduct disagrees with the id",
      [["dataProduct", "haemodialysis"]],
      [{ path: "dataProduct", message: 'must agree with the id: "dialysis" (got "haemodialysis")' }],
    ],
    [
      "name is not <product>-<dataset>",
      [["name", "sessions"]],
      [{ path: "name", message: 'must agree with the id: "dialysis-sessions" (got "sessions")' }],
    ],
    [
      "description.purpose is missing",
      [["description.purpose", REMOVE]],
      [{ path: "description.purpose", message: "is required: why the data exists, written for a consumer" }],
    ],
    [
      "description.usage is empty",
      [["description.usage", "  "]],
      [{ path: "description.usage", message: "must not be empty: how to use it, written for a consumer" }],
    ],
    [
      "description.limitations is missing",
      [["description.limitations", REMOVE]],
      [{ path: "description.limitations", message: "is required: what it must not be used for, written for a consumer" }],
    ],
    ["there are no tags", [["tags", []]], [{ path: "tags", message: "must list at least one tag a consumer would search for" }]],
    [
      "team is missing",
      [["team", REMOVE]],
      [{ path: "team", message: "is required: { name, members } with at least one member with role owner" }],
    ],
    [
      "team uses the deprecated list form",
      [["team", [{ username: "amara.okafor", role: "owner" }]]],
      [{ path: "team", message: "must be an object { name, members }: the list form is deprecated since ODCS v3.1.0" }],
    ],
    [
      "no team member is an owner",
      [["team.members[0].role", "data steward"]],
      [{ path: "team.members", message: "must include at least one member with role owner" }],
    ],
    [
      "meshObjectives is not an object",
      [["customProperties[0].value", "high fidelity"]],
      [
        {
          path: "customProperties[0].value",
          message: 'must be an object with fidelity, privacy and/or fairness objectives (got "high fidelity")',
        },
      ],
    ],
    [
      "meshObjectives names an objective Mesh does not know",
      [["customProperties[0].value.utility", { minScore: 0.5 }]],
      [{ path: "customProperties[0].value.utility", message: "is not an objective Mesh knows: use fidelity, privacy, fairness" }],
    ],
    [
      "an objective is not one of its group's",
      [["customProperties[0].value.fidelity.maxEpsilon", 3]],
      [
        {
          path: "customProperties[0].value.fidelity.maxEpsilon",
          message:
            "is not a fidelity objective Mesh knows: use minQualityScore, minColumnShapeScore, minColumnPairTrendScore, minUtilityRatio, target, excludeFeatures",
        },
      ],
    ],
    [
      "an objective's threshold is out of range",
      [
        ["customProperties[0].value.privacy.maxMembershipInferenceAuc", 1.5],
        ["customProperties[0].value.privacy.minKAnonymity", 2.5],
      ],
      [
        {
          path: "customProperties[0].value.privacy.maxMembershipInferenceAuc",
          message: "must be a number from 0 to 1 (got 1.5)",
        },
        { path: "customProperties[0].value.privacy.minKAnonymity", message: "must be a whole number of at least 1 (got 2.5)" },
      ],
    ],
    [
      "utility, ε and fairness objectives lack the settings they need",
      [
        ["customProperties[0].value.fidelity.minUtilityRatio", 0.9],
        ["customProperties[0].value.privacy.maxEpsilon", 3],
        ["customProperties[0].value.fairness", { maxGroupShareGap: 0.05 }],
      ],
      [
        {
          path: "customProperties[0].value.fidelity.target",
          message: "is required with minUtilityRatio: the column utility is measured on",
        },
        {
          path: "customProperties[0].value.privacy.delta",
          message: "is required with maxEpsilon: a number between 0 and 1 (e.g. 1e-5)",
        },
        {
          path: "customProperties[0].value.fairness.groupBy",
          message: "is required with fairness objectives: the sensitive attributes whose groups are compared",
        },
      ],
    ],
    [
      "objectives name columns the table does not have, or group by a public column",
      [
        ["customProperties[0].value.fidelity.target", "outcome"],
        ["customProperties[0].value.fairness", { groupBy: ["access_type", "completed"], maxGroupShareGap: 0.05 }],
      ],
      [
        { path: "customProperties[0].value.fidelity.target", message: 'names no column of table sessions (got "outcome")' },
        {
          path: "customProperties[0].value.fairness.groupBy[1]",
          message: "must be a sensitive-attribute or quasi-identifier column (completed is public)",
        },
      ],
    ],
    [
      "the columns kept from the utility models are not columns, or include the target",
      [
        [
          "customProperties[0].value.fidelity",
          { minUtilityRatio: 0.9, target: "completed", excludeFeatures: ["grade", "completed"] },
        ],
      ],
      [
        {
          path: "customProperties[0].value.fidelity.excludeFeatures[0]",
          message: 'names no column of table sessions (got "grade")',
        },
        {
          path: "customProperties[0].value.fidelity.excludeFeatures[1]",
          message: "is the target itself: the models never see it as a feature",
        },
      ],
    ],
    [
      "the synthesizer defaults have an unknown key, a bad seed, or leave out a column the table lacks",
      [
        [
          "customProperties[1]",
          {
            property: "meshSynthesizer",
            value: { synthesizer: "gan", seed: 1.5, epochs: 3, exclude: ["notes"], naturalKey: "yes" },
          },
        ],
      ],
      [
        {
          path: "customProperties[1].value.epochs",
          message: "is not a synthesizer setting Mesh knows: use synthesizer, settings, seed, filters, exclude, naturalKey",
        },
        { path: "customProperties[1].value.seed", message: "must be a whole number (got 1.5)" },
        {
          path: "customProperties[1].value.naturalKey",
          message: 'must be true or false: whether the primary key\'s columns are facts to learn (got "yes")',
        },
        { path: "customProperties[1].value.exclude[0]", message: 'names no column of table sessions (got "notes")' },
      ],
    ],
    [
      "model-fairness objectives have no target to predict",
      [
        ["customProperties[0].value.fidelity", { minQualityScore: 0.8 }],
        ["customProperties[0].value.fairness", { groupBy: ["access_type"], maxEqualizedOddsDifference: 0.1 }],
      ],
      [
        {
          path: "customProperties[0].value.fidelity.target",
          message: "is required with maxEqualizedOddsDifference: the models whose predictions it compares predict the target",
        },
      ],
    ],
    ["schema has no table", [["schema", []]], [{ path: "schema", message: "must list at least one table" }]],
  ];

  it.each(documentRows)("reports Mesh's rule when %s", (_rule, edits, problems) => {
    expect(validateContract(edited(validContract(), ...edits))).toEqual(problems);
  });

  const tableRows: Row[] = [
    [
      "a table is not physicalType table",
      [[`${T}.physicalType`, "view"]],
      [{ path: `${T}.physicalType`, message: 'must be "table": Mesh serves tables only (got "view")' }],
    ],
    [
      "a table has no physicalType",
      [[`${T}.physicalType`, REMOVE]],
      [{ path: `${T}.physicalType`, message: 'is required: Mesh tables have physicalType "table"' }],
    ],
    [
      "a table has no physicalName",
      [[`${T}.physicalName`, REMOVE]],
      [{ path: `${T}.physicalName`, message: "is required: the PostgreSQL table, in snake_case" }],
    ],
    [
      "a physicalName is not snake_case",
      [[`${T}.physicalName`, "DialysisSessions"]],
      [
        {
          path: `${T}.physicalName`,
          message:
            'must be snake_case: lowercase letters, digits and single underscores, starting with a letter (got "DialysisSessions")',
        },
      ],
    ],
    [
      "a physicalName is longer than PostgreSQL allows",
      [[`${T}.physicalName`, `sessions_${"x".repeat(60)}`]],
      [{ path: `${T}.physicalName`, message: "must be at most 63 characters, PostgreSQL's identifier limit (got 69)" }],
    ],
    [
      "a table has no description",
      [[`${T}.description`, REMOVE]],
      [{ path: `${T}.description`, message: "is required: what one row is" }],
    ],
    [
      "a table has no columns",
      [[`${T}.properties`, []]],
      [
        { path: `${T}.properties`, message: "must list at least one column" },
        { path: T, message: "must have a primary key: mark its column(s) primaryKey: true with primaryKeyPosition 1, 2, …" },
      ],
    ],
    [
      "a table has no primary key",
      [
        [`${C(0)}.primaryKey`, false],
        [`${C(0)}.primaryKeyPosition`, REMOVE],
      ],
      [{ path: T, message: "must have a primary key: mark its column(s) primaryKey: true with primaryKeyPosition 1, 2, …" }],
    ],
    [
      "primary key positions leave a gap",
      [
        [`${C(3)}.primaryKey`, true],
        [`${C(3)}.primaryKeyPosition`, 3],
      ],
      [{ path: `${C(3)}.primaryKeyPosition`, message: "is 3 but the primary key has 2 columns: positions run 1..2" }],
    ],
    [
      "two primary key columns have the same position",
      [
        [`${C(3)}.primaryKey`, true],
        [`${C(3)}.primaryKeyPosition`, 1],
      ],
      [
        {
          path: `${C(3)}.primaryKeyPosition`,
          message: 'is 1, already the position of "session_id": positions run 1..2, each once',
        },
      ],
    ],
    [
      "a primary key column has no position",
      [[`${C(0)}.primaryKeyPosition`, REMOVE]],
      [{ path: `${C(0)}.primaryKeyPosition`, message: "is required for a primary-key column: 1, 2, …" }],
    ],
    [
      "a primary key column is nullable",
      [[`${C(0)}.required`, false]],
      [{ path: `${C(0)}.required`, message: "must be true: a primary-key column cannot be null" }],
    ],
    [
      "a column has a primaryKeyPosition without primaryKey",
      [[`${C(3)}.primaryKeyPosition`, 2]],
      [{ path: `${C(3)}.primaryKeyPosition`, message: "is set but primaryKey is not true" }],
    ],
  ];

  it.each(tableRows)("reports Mesh's rule when %s", (_rule, edits, problems) => {
    expect(validateContract(edited(validContract(), ...edits))).toEqual(problems);
  });

  it("reports a table name and physicalName used twice in one contract", () => {
    const contract = validContract();
    contract.schema?.push({ ...structuredClone(contract.schema[0]!), description: "A copy." });
    expect(validateContract(contract)).toEqual([
      { path: "schema[1].name", message: 'duplicate table name "sessions" (also at schema[0].name)' },
      { path: "schema[1].physicalName", message: 'duplicate physicalName "sessions" (also at schema[0].physicalName)' },
    ]);
  });

  const columnRows: Row[] = [
    [
      "a column name is not snake_case",
      [[`${C(1)}.name`, "patientId"]],
      [
        {
          path: `${C(1)}.name`,
          message:
            'must be snake_case: lowercase letters, digits and single underscores, starting with a letter (got "patientId")',
        },
      ],
    ],
    [
      "two columns have the same name",
      [[`${C(4)}.name`, "session_date"]],
      [{ path: `${C(4)}.name`, message: `duplicate column name "session_date" (also at ${C(3)}.name)` }],
    ],
    [
      "a column has no description",
      [[`${C(1)}.description`, REMOVE]],
      [{ path: `${C(1)}.description`, message: "is required: what the column holds, for a consumer" }],
    ],
    [
      "a column has no businessName",
      [[`${C(1)}.businessName`, REMOVE]],
      [{ path: `${C(1)}.businessName`, message: "is required: a human label for the column" }],
    ],
    [
      "a column has no logicalType",
      [[`${C(9)}.logicalType`, REMOVE]],
      [{ path: `${C(9)}.logicalType`, message: "is required: one of string, integer, number, boolean, date, timestamp" }],
    ],
    [
      "a logicalType is an ODCS type Mesh tables do not use",
      [[`${C(4)}.logicalType`, "time"]],
      [
        {
          path: `${C(4)}.logicalType`,
          message: 'must be one of string, integer, number, boolean, date, timestamp, the types of Mesh columns (got "time")',
        },
      ],
    ],
    [
      "a column has no physicalType",
      [[`${C(9)}.physicalType`, REMOVE]],
      [
        {
          path: `${C(9)}.physicalType`,
          message: 'is required: the PostgreSQL type, as format_type() prints it (e.g. "integer")',
        },
      ],
    ],
    [
      "a physicalType cannot hold the logical type",
      [[`${C(5)}.physicalType`, "text"]],
      [{ path: `${C(5)}.physicalType`, message: '"text" cannot hold logicalType integer: use smallint, integer, bigint' }],
    ],
    [
      "a physicalType is not spelled as format_type() prints it",
      [[`${C(0)}.physicalType`, "int8"]],
      [
        {
          path: `${C(0)}.physicalType`,
          message: `must be spelled as PostgreSQL's format_type() prints it: "bigint" (got "int8")`,
        },
      ],
    ],
    [
      "a varchar is not spelled as format_type() prints it",
      [[`${C(1)}.physicalType`, "VARCHAR(12)"]],
      [
        {
          path: `${C(1)}.physicalType`,
          message: `must be spelled as PostgreSQL's format_type() prints it: "character varying(12)" (got "VARCHAR(12)")`,
        },
      ],
    ],
    [
      "a numeric has a space after its comma",
      [[`${C(6)}.physicalType`, "numeric(6, 1)"]],
      [
        {
          path: `${C(6)}.physicalType`,
          message: `must be spelled as PostgreSQL's format_type() prints it: "numeric(6,1)" (got "numeric(6, 1)")`,
        },
      ],
    ],
    [
      "a physicalType is not a PostgreSQL type Mesh supports",
      [[`${C(9)}.physicalType`, "bit(1)"]],
      [
        {
          path: `${C(9)}.physicalType`,
          message:
            'is not a PostgreSQL type Mesh supports (got "bit(1)"): use one of smallint, integer, bigint, numeric(p,s), numeric, double precision, real, text, character varying(n), character(n), date, timestamp with time zone, timestamp without time zone, boolean',
        },
      ],
    ],
    [
      "required is not written out",
      [[`${C(4)}.required`, REMOVE]],
      [{ path: `${C(4)}.required`, message: "must be written out (true or false): it is the column's nullability" }],
    ],
    [
      "a column has no classification",
      [[`${C(4)}.classification`, REMOVE]],
      [{ path: `${C(4)}.classification`, message: "is required: one of public, sensitive-attribute, quasi-identifier, phi" }],
    ],
    [
      "a classification is not one of Mesh's",
      [[`${C(1)}.classification`, "confidential"]],
      [
        {
          path: `${C(1)}.classification`,
          message: 'must be one of public, sensitive-attribute, quasi-identifier, phi (got "confidential")',
        },
      ],
    ],
    [
      "minimum is greater than maximum",
      [[`${C(5)}.logicalTypeOptions.minimum`, 700]],
      [{ path: `${C(5)}.logicalTypeOptions.minimum`, message: "must not be greater than maximum (minimum 700, maximum 600)" }],
    ],
    [
      "exclusiveMinimum is not below maximum",
      [[`${C(7)}.logicalTypeOptions.exclusiveMinimum`, 4]],
      [
        {
          path: `${C(7)}.logicalTypeOptions.exclusiveMinimum`,
          message: "must not be greater than or equal to maximum (exclusiveMinimum 4, maximum 4)",
        },
      ],
    ],
    [
      "a date minimum is after the date maximum",
      [[`${C(3)}.logicalTypeOptions.maximum`, "2014-12-31"]],
      [
        {
          path: `${C(3)}.logicalTypeOptions.minimum`,
          message: 'must not be greater than maximum (minimum "2015-01-01", maximum "2014-12-31")',
        },
      ],
    ],
    [
      "a date bound is not a date",
      [[`${C(3)}.logicalTypeOptions.minimum`, "2015-02-30"]],
      [{ path: `${C(3)}.logicalTypeOptions.minimum`, message: 'must be a date YYYY-MM-DD (got "2015-02-30")' }],
    ],
    [
      "a timestamp bound is not a timestamp",
      [[`${C(4)}.logicalTypeOptions`, { minimum: "last year" }]],
      [{ path: `${C(4)}.logicalTypeOptions.minimum`, message: 'must be an ISO 8601 timestamp (got "last year")' }],
    ],
    [
      "minLength is greater than maxLength",
      [[`${C(1)}.logicalTypeOptions.minLength`, 13]],
      [
        {
          path: `${C(1)}.logicalTypeOptions.minLength`,
          message: "must not be greater than maxLength (minLength 13, maxLength 12)",
        },
      ],
    ],
    [
      "a pattern is not a valid regular expression",
      [[`${C(1)}.logicalTypeOptions.pattern`, "^MRN[0-9{9}$"]],
      [
        {
          path: `${C(1)}.logicalTypeOptions.pattern`,
          message:
            "is not a valid JavaScript regular expression: Invalid regular expression: /^MRN[0-9{9}$/: Unterminated character class",
        },
      ],
    ],
    [
      "a valid value does not have the column's type",
      [[`${C(5)}.quality`, [{ metric: "invalidValues", arguments: { validValues: [240, "300"] }, mustBe: 0 }]]],
      [{ path: `${C(5)}.quality[0].arguments.validValues[1]`, message: 'must be an integer, like the column (got "300")' }],
    ],
    [
      "a valid value is outside the column's range",
      [[`${C(5)}.quality`, [{ metric: "invalidValues", arguments: { validValues: [240, 720] }, mustBe: 0 }]]],
      [{ path: `${C(5)}.quality[0].arguments.validValues[1]`, message: "720 is above the maximum 600" }],
    ],
    [
      "a valid value is not above an exclusive minimum",
      [[`${C(7)}.quality`, [{ metric: "invalidValues", arguments: { validValues: [0, 1.2] }, mustBe: 0 }]]],
      [{ path: `${C(7)}.quality[0].arguments.validValues[0]`, message: "0 is not above the exclusiveMinimum 0" }],
    ],
    [
      "a valid value breaks the column's text limits",
      [
        [`${C(2)}.logicalTypeOptions`, { maxLength: 3, pattern: "^[A-Z]+$" }],
        [`${C(2)}.quality[0].arguments.validValues[1]`, "SOUTH"],
        [`${C(2)}.quality[0].arguments.validValues[2]`, "es1"],
      ],
      [
        { path: `${C(2)}.quality[0].arguments.validValues[1]`, message: '"SOUTH" is longer than the maxLength 3' },
        { path: `${C(2)}.quality[0].arguments.validValues[2]`, message: '"es1" does not match the pattern ^[A-Z]+$' },
      ],
    ],
    [
      "a valid date is not a date",
      [[`${C(3)}.quality`, [{ metric: "invalidValues", arguments: { validValues: ["2020-01-01", "01/02/2020"] }, mustBe: 0 }]]],
      [
        {
          path: `${C(3)}.quality[0].arguments.validValues[1]`,
          message: 'must be a date YYYY-MM-DD, like the column (got "01/02/2020")',
        },
      ],
    ],
    [
      "the list of valid values is empty",
      [[`${C(2)}.quality[0].arguments.validValues`, []]],
      [{ path: `${C(2)}.quality[0].arguments.validValues`, message: "must be a non-empty list of the allowed values (got [])" }],
    ],
    [
      "a unit is an empty string",
      [[`${C(5)}.customProperties[0].value`, ""]],
      [
        {
          path: `${C(5)}.customProperties[0].value`,
          message: 'must be a non-empty string naming the unit, e.g. "mm Hg" (got "")',
        },
      ],
    ],
    [
      "a unit is not a string",
      [[`${C(6)}.customProperties[0].value`, 1000]],
      [
        {
          path: `${C(6)}.customProperties[0].value`,
          message: 'must be a non-empty string naming the unit, e.g. "mm Hg" (got 1000)',
        },
      ],
    ],
  ];

  it.each(columnRows)("reports Mesh's rule when %s", (_rule, edits, problems) => {
    expect(validateContract(edited(validContract(), ...edits))).toEqual(problems);
  });

  it.each([
    ["integer", "smallint"],
    ["integer", "integer"],
    ["integer", "bigint"],
    ["number", "numeric(12,2)"],
    ["number", "numeric"],
    ["number", "double precision"],
    ["number", "real"],
    ["string", "text"],
    ["string", "character varying(40)"],
    ["string", "character(2)"],
    ["date", "date"],
    ["timestamp", "timestamp with time zone"],
    ["timestamp", "timestamp without time zone"],
    ["boolean", "boolean"],
  ])("accepts logicalType %s with physicalType %s", (logicalType, physicalType) => {
    const contract = edited(validContract(), [`${C(9)}.logicalType`, logicalType], [`${C(9)}.physicalType`, physicalType]);
    expect(validateContract(contract)).toEqual([]);
  });

  it.each([
    ["integer", "numeric(10,0)", "smallint, integer, bigint"],
    ["number", "integer", "numeric(p,s), numeric, double precision, real"],
    ["string", "date", "text, character varying(n), character(n)"],
    ["date", "timestamp without time zone", "date"],
    ["timestamp", "date", "timestamp with time zone, timestamp without time zone"],
    ["boolean", "smallint", "boolean"],
  ])("reports logicalType %s with physicalType %s", (logicalType, physicalType, allowed) => {
    const contract = edited(validContract(), [`${C(9)}.logicalType`, logicalType], [`${C(9)}.physicalType`, physicalType]);
    expect(validateContract(contract)).toEqual([
      { path: `${C(9)}.physicalType`, message: `"${physicalType}" cannot hold logicalType ${logicalType}: use ${allowed}` },
    ]);
  });

  it("reports every problem at once, official and Mesh's, when a contract has several", () => {
    const contract = edited(
      validContract(),
      ["kind", "Contract"],
      ["version", "v2"],
      ["tags", REMOVE],
      [`${C(1)}.colour`, "red"],
      [`${C(3)}.logicalType`, "datetime"],
      [`${C(4)}.required`, REMOVE],
      [`${C(5)}.physicalType`, "int"],
      [`${C(8)}.classification`, "secret"],
    );
    expect(validateContract(contract)).toEqual([
      { path: "kind", message: 'must be one of "DataContract" (got "Contract")' },
      { path: `${C(1)}.colour`, message: 'unknown property "colour": ODCS v3.1.0 does not define it here' },
      {
        path: `${C(3)}.logicalType`,
        message:
          'must be one of "string", "date", "timestamp", "time", "number", "integer", "object", "array", "boolean" (got "datetime")',
      },
      { path: "version", message: 'must be a semantic version like 1.0.0 (got "v2")' },
      { path: "tags", message: "must list at least one tag a consumer would search for" },
      { path: `${C(4)}.required`, message: "must be written out (true or false): it is the column's nullability" },
      { path: `${C(5)}.physicalType`, message: `must be spelled as PostgreSQL's format_type() prints it: "integer" (got "int")` },
      {
        path: `${C(8)}.classification`,
        message: 'must be one of public, sensitive-attribute, quasi-identifier, phi (got "secret")',
      },
    ]);
  });

  it.each<[string, unknown, ContractProblem[]]>([
    ["null", null, [{ path: "(root)", message: "must be an object (got null)" }]],
    ["a number", 42, [{ path: "(root)", message: "must be an object (got integer)" }]],
    ["a list", [], [{ path: "(root)", message: "must be an object (got array)" }]],
    [
      "a contract whose tables and columns are not objects",
      edited(validContract(), ["schema[0].properties", [null, "patient_id"]], ["schema[1]", 7]),
      [
        { path: `${C(0)}`, message: "must be an object (got null)" },
        { path: `${C(1)}`, message: "must be an object (got string)" },
        { path: "schema[1]", message: "must be an object (got integer)" },
        { path: T, message: "must have a primary key: mark its column(s) primaryKey: true with primaryKeyPosition 1, 2, …" },
      ],
    ],
  ])("reports, without throwing, a document that is %s", (_what, document, problems) => {
    expect(validateContract(document)).toEqual(problems);
  });
});

describe("validateDescriptor", () => {
  it("returns no problems for the valid fixture descriptor", () => {
    expect(validateDescriptor(validDescriptor())).toEqual([]);
  });

  it("accepts a REAL and a SYNTHETIC port of the same contract", () => {
    const descriptor = validDescriptor() as { outputPorts: Array<Record<string, unknown>> };
    const real = { ...descriptor.outputPorts[0]!, customProperties: [{ property: "portKind", value: "REAL" }] };
    descriptor.outputPorts = [
      real,
      { ...real, name: "sessions-synthetic", customProperties: [{ property: "portKind", value: "SYNTHETIC" }] },
    ];
    expect(validateDescriptor(descriptor)).toEqual([]);
  });

  const rows: Row[] = [
    [
      "kind is not DataProduct",
      [["kind", "Product"]],
      [{ path: "kind", message: 'must be one of "DataProduct" (got "Product")' }],
    ],
    [
      "an output port has a property ODPS does not define",
      [["outputPorts[0].table", "sessions"]],
      [{ path: "outputPorts[0].table", message: 'unknown property "table": ODPS v1.0.0 does not define it here' }],
    ],
    [
      "an input port has no contractId",
      [["inputPorts[0].contractId", REMOVE]],
      [{ path: "inputPorts[0].contractId", message: 'required property "contractId" is missing' }],
    ],
    [
      "apiVersion is an older ODPS version",
      [["apiVersion", "v0.9.0"]],
      [{ path: "apiVersion", message: 'must be "v1.0.0": Mesh writes every descriptor against ODPS v1.0.0 (got "v0.9.0")' }],
    ],
    [
      "status is not active",
      [["status", "proposed"]],
      [{ path: "status", message: 'must be "active": Mesh serves active products only (got "proposed")' }],
    ],
    ["version is missing", [["version", REMOVE]], [{ path: "version", message: "is required: a semantic version like 1.0.0" }]],
    [
      "version is not semantic",
      [["version", "1"]],
      [{ path: "version", message: 'must be a semantic version like 1.0.0 (got "1")' }],
    ],
    [
      "id is not a product URN",
      [["id", "urn:mesh:nephrology:dialysis:sessions"]],
      [
        {
          path: "id",
          message:
            'must be the product URN urn:mesh:<domain>:<product>, in lowercase (got "urn:mesh:nephrology:dialysis:sessions")',
        },
      ],
    ],
    [
      "name is not the product of the id",
      [["name", "Dialysis"]],
      [{ path: "name", message: 'must agree with the id: "dialysis" (got "Dialysis")' }],
    ],
    [
      "domain disagrees with the id",
      [["domain", "renal"]],
      [{ path: "domain", message: 'must agree with the id: "nephrology" (got "renal")' }],
    ],
    [
      "description.usage is missing",
      [["description.usage", REMOVE]],
      [{ path: "description.usage", message: "is required: how to use it, written for a consumer" }],
    ],
    [
      "there are no tags",
      [["tags", REMOVE]],
      [{ path: "tags", message: "must list at least one tag a consumer would search for" }],
    ],
    [
      "no team member is an owner",
      [["team.members[0].role", "steward"]],
      [{ path: "team.members", message: "must include at least one member with role owner" }],
    ],
    [
      "there is no output port",
      [["outputPorts", []]],
      [{ path: "outputPorts", message: "must list at least one output port (one per dataset)" }],
    ],
    [
      "an output port has no contractId",
      [["outputPorts[0].contractId", REMOVE]],
      [{ path: "outputPorts[0].contractId", message: "is required: the id of the contract of the dataset this port serves" }],
    ],
    [
      "an output port serves another product's contract",
      [["outputPorts[0].contractId", "urn:mesh:nephrology:transplants:grafts"]],
      [
        {
          path: "outputPorts[0].contractId",
          message:
            'must be the id of one of this product\'s contracts, urn:mesh:nephrology:dialysis:<dataset> (got "urn:mesh:nephrology:transplants:grafts")',
        },
      ],
    ],
    [
      "an output port's contractId is not a dataset URN",
      [["outputPorts[0].contractId", "sessions"]],
      [
        {
          path: "outputPorts[0].contractId",
          message: 'must be the id of one of this product\'s contracts, urn:mesh:nephrology:dialysis:<dataset> (got "sessions")',
        },
      ],
    ],
    [
      "two output ports serve the same contract as the same kind of port",
      [
        ["outputPorts[0].customProperties", [{ property: "portKind", value: "SYNTHETIC" }]],
        [
          "outputPorts[1]",
          {
            name: "sessions-synthetic",
            version: "1.0.0",
            contractId: "urn:mesh:nephrology:dialysis:sessions",
            customProperties: [{ property: "portKind", value: "SYNTHETIC" }],
          },
        ],
      ],
      [
        {
          path: "outputPorts[1].contractId",
          message:
            'duplicate contractId "urn:mesh:nephrology:dialysis:sessions" for the SYNTHETIC port in outputPorts (also at outputPorts[0].contractId)',
        },
      ],
    ],
    [
      "two output ports serve the same contract",
      [["outputPorts[1]", { name: "sessions-again", version: "1.0.0", contractId: "urn:mesh:nephrology:dialysis:sessions" }]],
      [
        {
          path: "outputPorts[1].contractId",
          message:
            'duplicate contractId "urn:mesh:nephrology:dialysis:sessions" in outputPorts (also at outputPorts[0].contractId)',
        },
      ],
    ],
  ];

  it.each(rows)("reports the problem when %s", (_rule, edits, problems) => {
    expect(validateDescriptor(edited(validDescriptor(), ...edits))).toEqual(problems);
  });

  it("reports every problem at once when a descriptor has several", () => {
    const descriptor = edited(
      validDescriptor(),
      ["kind", "Product"],
      ["name", "Dialysis"],
      ["team", REMOVE],
      ["outputPorts[0].contractId", REMOVE],
    );
    expect(validateDescriptor(descriptor)).toEqual([
      { path: "kind", message: 'must be one of "DataProduct" (got "Product")' },
      { path: "name", message: 'must agree with the id: "dialysis" (got "Dialysis")' },
      { path: "team", message: "is required: { name, members } with at least one member with role owner" },
      { path: "outputPorts[0].contractId", message: "is required: the id of the contract of the dataset this port serves" },
    ]);
  });

  it("reports, without throwing, a document that is not an object", () => {
    expect(validateDescriptor("urn:mesh:nephrology:dialysis")).toEqual([
      { path: "(root)", message: "must be an object (got string)" },
    ]);
  });
});
