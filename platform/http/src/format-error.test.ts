import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { NotFoundError } from "@mesh/core";
import { formatGraphQLError } from "./index.js";

/** What Apollo hands formatError: the formatted error and the error itself. */
const format = (error: GraphQLError) => formatGraphQLError(error.toJSON(), error);

describe("formatGraphQLError", () => {
  it("keeps a MeshError's message and code, wherever Apollo wrapped it", () => {
    const error = new GraphQLError("Unexpected error.", {
      path: ["product"],
      originalError: new NotFoundError('no data product "x"'),
    });
    expect(format(error)).toEqual({ message: 'no data product "x"', path: ["product"], extensions: { code: "NOT_FOUND" } });
  });

  it("keeps only message, path and code of a coded error from a subgraph", () => {
    const error = new GraphQLError("not allowed to read the real records of urn:mesh:cardiology:heart-disease", {
      path: ["patients"],
      extensions: { code: "FORBIDDEN", serviceName: "cardiology", exception: { stacktrace: ["at x (/srv/app.js:1)"] } },
    });
    expect(format(error)).toEqual({
      message: "not allowed to read the real records of urn:mesh:cardiology:heart-disease",
      path: ["patients"],
      extensions: { code: "FORBIDDEN" },
    });
  });

  it.each([
    ["no code", {}],
    ["INTERNAL_SERVER_ERROR", { code: "INTERNAL_SERVER_ERROR" }],
    ["an unknown code", { code: "DOWNSTREAM_SERVICE_ERROR" }],
  ])("masks an error with %s", (_case, extensions) => {
    const error = new GraphQLError("connect ECONNREFUSED 127.0.0.1:4004 select * from patients", { extensions });
    expect(format(error)).toEqual({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } });
  });
});
