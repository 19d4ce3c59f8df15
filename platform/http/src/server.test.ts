import net from "node:net";
import { GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AccessDecision } from "@mesh/access";
import { NotAllowedError, NotFoundError, ServiceUnavailableError } from "@mesh/core";
import { startGraphQLServer, type MeshContext, type RunningServer } from "./index.js";
import { openTestRealm, postGraphQL, type TestRealm } from "./testing/index.js";

/** Log entries of the server under test, to check what is logged server-side. */
const logged: Record<string, unknown>[] = [];
const logger = pino(
  { level: "debug" },
  { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) },
);

let executed = 0;
const schema = new GraphQLSchema({
  query: new GraphQLObjectType<unknown, MeshContext>({
    name: "Query",
    fields: {
      hello: { type: new GraphQLNonNull(GraphQLString), resolve: () => "world" },
      me: { type: GraphQLString, resolve: (_source, _args, context) => context.principal.subject },
      requestId: { type: GraphQLString, resolve: (_source, _args, context) => context.requestId },
      touch: { type: GraphQLString, resolve: () => String(++executed) },
      x: {
        type: GraphQLString,
        resolve: () => {
          throw new NotAllowedError("not allowed to read x");
        },
      },
      leaky: {
        type: GraphQLString,
        resolve: () => {
          throw new Error("select * from patients where ssn='123'");
        },
      },
    },
  }),
});

let realm: TestRealm;
let server: RunningServer;
let consumer: string;
const ORIGIN = "http://catalog.example";

const start = (overrides: Partial<Parameters<typeof startGraphQLServer>[0]> = {}) =>
  startGraphQLServer({
    name: "test",
    schema,
    verifier: realm.verifier,
    host: "127.0.0.1",
    port: 0,
    corsOrigins: [ORIGIN],
    introspection: true,
    logger,
    bodyLimit: "2kb",
    ...overrides,
  });

beforeAll(async () => {
  realm = await openTestRealm();
  consumer = await realm.bearer();
  server = await start();
});
afterAll(() => server.close());

const ask = (query: string, headers?: Record<string, string>) =>
  postGraphQL(server.url, { query }, { authorization: consumer, headers });

describe("startGraphQLServer: authentication", () => {
  it("audits a refused token as a denied access decision", async () => {
    const decisions: AccessDecision[] = [];
    const audited = await start({ audit: { record: (decision) => decisions.push(decision) } });
    try {
      const response = await postGraphQL(
        audited.url,
        { query: "{ hello }" },
        { headers: { "x-request-id": "refused-request-1" } },
      );
      expect(response.status).toBe(401);
      expect(decisions).toEqual([
        {
          at: expect.any(Date),
          requestId: "refused-request-1",
          subject: "(unauthenticated)",
          clientId: "",
          action: "read",
          kind: "Authentication",
          resource: "mesh:test/graphql",
          domain: "platform",
          port: null,
          classification: null,
          allowed: false,
        },
      ]);
    } finally {
      await audited.close();
    }
  });

  it("answers a query with a verified token, with the caller in the context", async () => {
    const response = await ask("{ hello me }");
    expect({ status: response.status, body: response.body }).toEqual({
      status: 200,
      body: { data: { hello: "world", me: "dev-consumer" } },
    });
  });

  it("marks every /graphql answer no-store, refusals included: each is one caller's", async () => {
    expect((await ask("{ hello }")).headers.get("cache-control")).toBe("no-store");
    expect((await postGraphQL(server.url, { query: "{ hello }" })).headers.get("cache-control")).toBe("no-store");
  });

  it("refuses every bad token with 401, its reason in WWW-Authenticate and the body, before Apollo runs", async () => {
    for (const refusal of await realm.refusals()) {
      const before = executed;
      const response = await postGraphQL(server.url, { query: "{ touch }" }, { authorization: refusal.authorization });
      expect({ case: refusal.case, status: response.status, body: response.body }).toEqual({
        case: refusal.case,
        status: 401,
        body: { errors: [{ message: refusal.reason, extensions: { code: "UNAUTHENTICATED" } }] },
      });
      expect(response.headers.get("www-authenticate")).toBe(
        `Bearer error="invalid_token", error_description="${refusal.reason}"`,
      );
      expect(executed).toBe(before);
    }
  });

  it("serves /health without a token", async () => {
    const response = await fetch(server.url.replace("/graphql", "/health"));
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 200,
      body: { status: "ok", name: "test" },
    });
  });

  it("honours a well-formed x-request-id and replaces anything else", async () => {
    expect((await ask("{ requestId }", { "x-request-id": "gateway-req-0001" })).body).toEqual({
      data: { requestId: "gateway-req-0001" },
    });
    const replaced = await ask("{ requestId }", { "x-request-id": "bad id; drop table" });
    expect((replaced.body as { data: { requestId: string } }).data.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(replaced.headers.get("x-request-id")).toBe((replaced.body as { data: { requestId: string } }).data.requestId);
  });

  it("logs one debug line per request, refused ones included, with request id, subject, operation, status and duration", async () => {
    await ask("query Other { me } query Greeting { hello }", { "x-request-id": "log-line-test-1" }).catch(() => undefined);
    await postGraphQL(
      server.url,
      { query: "query Greeting { hello }", operationName: "Greeting" },
      { authorization: consumer, headers: { "x-request-id": "log-line-test-2" } },
    );
    await postGraphQL(server.url, { query: "{ hello }" }, { headers: { "x-request-id": "log-line-test-3" } });
    const logLines = () =>
      logged.filter((entry) => String(entry.requestId).startsWith("log-line-test-") && entry.msg === "request");
    await vi.waitFor(() => expect(logLines()).toHaveLength(3));
    const lines = logLines();
    expect(
      lines.map(({ level, requestId, method, path, subject, operation, status }) => ({
        level,
        requestId,
        method,
        path,
        subject,
        operation,
        status,
      })),
    ).toEqual([
      {
        level: 20,
        requestId: "log-line-test-1",
        method: "POST",
        path: "/graphql",
        subject: "dev-consumer",
        operation: null,
        status: 400,
      },
      {
        level: 20,
        requestId: "log-line-test-2",
        method: "POST",
        path: "/graphql",
        subject: "dev-consumer",
        operation: "Greeting",
        status: 200,
      },
      { level: 20, requestId: "log-line-test-3", method: "POST", path: "/graphql", subject: null, operation: null, status: 401 },
    ]);
    expect(lines.every((line) => typeof line.ms === "number")).toBe(true);
  });
});

describe("startGraphQLServer: request limits", () => {
  it("refuses a batched (array) body with 400 and executes nothing", async () => {
    const before = executed;
    const response = await postGraphQL(server.url, [{ query: "{ touch }" }, { query: "{ touch }" }], { authorization: consumer });
    expect({ status: response.status, body: response.body }).toEqual({
      status: 400,
      body: { errors: [{ message: "Operation batching disabled.", extensions: { code: "BAD_REQUEST" } }] },
    });
    expect(executed).toBe(before);
  });

  it("refuses a GET query without a preflight header (CSRF) and answers one with it", async () => {
    const get = (headers: Record<string, string>) =>
      fetch(`${server.url}?query=${encodeURIComponent("{ hello }")}`, { headers: { authorization: consumer, ...headers } });
    const refused = await get({});
    expect({ status: refused.status, body: await refused.json() }).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message:
              "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header (with a type that is not one of application/x-www-form-urlencoded, multipart/form-data, text/plain) or provide a non-empty value for one of the following headers: x-apollo-operation-name, apollo-require-preflight\n",
            extensions: { code: "BAD_REQUEST" },
          },
        ],
      },
    });
    const answered = await get({ "apollo-require-preflight": "true" });
    expect({ status: answered.status, body: await answered.json() }).toEqual({ status: 200, body: { data: { hello: "world" } } });
  });

  it("refuses a body over the limit with 413", async () => {
    const response = await postGraphQL(server.url, { query: `{ hello }${" ".repeat(3000)}` }, { authorization: consumer });
    expect({ status: response.status, body: response.body }).toEqual({
      status: 413,
      body: { errors: [{ message: "the request body is larger than the limit of 2kb", extensions: { code: "BAD_USER_INPUT" } }] },
    });
  });

  it("refuses a body that is not JSON with 400", async () => {
    const response = await postGraphQL(server.url, "{ hello", { authorization: consumer });
    expect({ status: response.status, body: response.body }).toEqual({
      status: 400,
      body: { errors: [{ message: "the request body is not valid JSON", extensions: { code: "BAD_USER_INPUT" } }] },
    });
  });

  it("echoes an allowed origin and gives any other origin no CORS headers", async () => {
    const preflight = (origin: string) =>
      fetch(server.url, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization,content-type",
        },
      });
    const allowed = await preflight(ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(allowed.headers.get("access-control-allow-headers")).toContain("authorization");
    const other = await preflight("http://evil.example");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    expect((await ask("{ hello }", { origin: "http://evil.example" })).headers.get("access-control-allow-origin")).toBeNull();
    expect((await ask("{ hello }", { origin: ORIGIN })).headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });
});

describe("startGraphQLServer: errors", () => {
  it("gives a MeshError its code and message, and nothing else", async () => {
    const response = await ask("{ x }");
    expect({ status: response.status, body: response.body }).toEqual({
      status: 200,
      body: { data: { x: null }, errors: [{ message: "not allowed to read x", path: ["x"], extensions: { code: "FORBIDDEN" } }] },
    });
  });

  it("masks an unexpected error (no SQL, no stack) and logs it with the request id", async () => {
    const response = await ask("{ leaky hello }", { "x-request-id": "masked-error-01" });
    expect(response.body).toEqual({
      data: { leaky: null, hello: "world" },
      errors: [{ message: "Internal server error", path: ["leaky"], extensions: { code: "INTERNAL_SERVER_ERROR" } }],
    });
    expect(logged.find((entry) => entry.requestId === "masked-error-01" && entry.level === 50)).toMatchObject({
      msg: "test: unexpected error, masked in the response",
      err: { message: "select * from patients where ssn='123'" },
      path: ["leaky"],
    });
  });

  it("keeps a validation error's message and code, without suggestions or stack", async () => {
    const response = await ask("{ hullo }");
    expect({ status: response.status, body: response.body }).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'Cannot query field "hullo" on type "Query". Did you mean "hello"?',
            extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
          },
        ],
      },
    });
    expect((await ask("{ hello")).body).toEqual({
      errors: [{ message: "Syntax Error: Expected Name, found <EOF>.", extensions: { code: "GRAPHQL_PARSE_FAILED" } }],
    });
  });

  it("answers an unknown path with a JSON 404", async () => {
    const response = await fetch(server.url.replace("/graphql", "/nowhere"));
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 404,
      body: { errors: [{ message: "no route for GET /nowhere", extensions: { code: "NOT_FOUND" } }] },
    });
  });
});

describe("startGraphQLServer: introspection off", () => {
  it("refuses __schema and hides field suggestions", async () => {
    const closed = await start({ introspection: false });
    try {
      const response = await postGraphQL(closed.url, { query: "{ __schema { types { name } } }" }, { authorization: consumer });
      expect({ status: response.status, body: response.body }).toEqual({
        status: 400,
        body: {
          errors: [
            {
              message:
                "GraphQL introspection is not allowed by Apollo Server, but the query contained __schema or __type. To enable introspection, pass introspection: true to ApolloServer in production",
              extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
            },
          ],
        },
      });
      expect((await postGraphQL(closed.url, { query: "{ hullo }" }, { authorization: consumer })).body).toEqual({
        errors: [{ message: 'Cannot query field "hullo" on type "Query".', extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }],
      });
    } finally {
      await closed.close();
    }
  });
});

describe("startGraphQLServer: extra routes", () => {
  it("mounts them with the same authentication and the same JSON errors", async () => {
    const withRoutes = await start({
      routes: (app, authenticate) =>
        app.get("/exports/:dataset", authenticate, (req, res) => {
          if (req.params.dataset === "missing") throw new NotFoundError("no dataset missing");
          if (req.params.dataset === "broken") throw new Error("select * from patients where ssn='123'");
          res.json({ subject: res.locals.mesh!.principal.subject, requestId: res.locals.mesh!.requestId });
        }),
    });
    const get = async (dataset: string, authorization?: string) => {
      const response = await fetch(withRoutes.url.replace("/graphql", `/exports/${dataset}`), {
        headers: { "x-request-id": "route-request-01", ...(authorization ? { authorization } : {}) },
      });
      return { status: response.status, body: await response.json() };
    };
    try {
      expect(await get("patients", consumer)).toEqual({
        status: 200,
        body: { subject: "dev-consumer", requestId: "route-request-01" },
      });
      expect(await get("patients")).toEqual({
        status: 401,
        body: {
          errors: [{ message: "no bearer token: send Authorization: Bearer <token>", extensions: { code: "UNAUTHENTICATED" } }],
        },
      });
      expect(await get("missing", consumer)).toEqual({
        status: 404,
        body: { errors: [{ message: "no dataset missing", extensions: { code: "NOT_FOUND" } }] },
      });
      expect(await get("broken", consumer)).toEqual({
        status: 500,
        body: { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] },
      });
      expect(logged.find((entry) => entry.msg === "unexpected error in an HTTP handler")).toMatchObject({
        requestId: "route-request-01",
        err: { message: "select * from patients where ssn='123'" },
      });
    } finally {
      await withRoutes.close();
    }
  });
});

describe("startGraphQLServer: lifecycle", () => {
  it("refuses a port in use, naming the port and MESH_PORT", async () => {
    const error = await start({ port: server.port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as Error).message).toBe(
      `test cannot listen on 127.0.0.1:${server.port}: the port is already in use; set MESH_PORT to move the gateway and the subgraphs after it`,
    );
  });

  it("frees its port on close, keep-alive connections included", async () => {
    const other = await start();
    expect((await postGraphQL(other.url, { query: "{ hello }" }, { authorization: consumer })).status).toBe(200);
    await other.close();
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer().once("error", () => resolve(false));
      probe.listen(other.port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    expect(free).toBe(true);
  });

  it("needs exactly one of a schema and a gateway", async () => {
    await expect(start({ schema: undefined })).rejects.toThrow(
      'GraphQL server "test" needs exactly one of a schema and a gateway',
    );
  });
});
