import { describe, expect, it } from "vitest";
import { ContractViolationError, formatError, InputError, NotFoundError } from "./errors.js";

describe("formatError", () => {
  it("keeps the code and message of a known error", () => {
    expect(formatError(new NotFoundError('no data product "x"'))).toEqual({ code: "NOT_FOUND", message: 'no data product "x"' });
    expect(formatError(new InputError("bad"))).toEqual({ code: "BAD_USER_INPUT", message: "bad" });
  });

  it("masks anything else, so no stack, SQL or value leaks", () => {
    const leaky = new Error('duplicate key value violates unique constraint "x" DETAIL: Key (ssn)=(123-45-6789)');
    expect(formatError(leaky)).toEqual({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error" });
    expect(formatError("a string")).toEqual({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error" });
  });

  it("lists every problem of a contract violation with its path", () => {
    const error = new ContractViolationError("contract x is invalid", [
      { path: "schema[0].properties[3].logicalType", message: "must be one of string, integer" },
      { path: "version", message: "must be semantic" },
    ]);
    expect(formatError(error)).toEqual({
      code: "CONTRACT_VIOLATION",
      message:
        "contract x is invalid\n  - schema[0].properties[3].logicalType: must be one of string, integer\n  - version: must be semantic",
    });
  });
});
