import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dataDirState } from "./embedded-server.js";

describe("dataDirState", () => {
  const scratch = () => mkdtempSync(path.join(os.tmpdir(), "mesh-datadir-"));

  it("calls a missing or empty directory absent", () => {
    expect(dataDirState(path.join(scratch(), "nothing-here"))).toBe("absent");
    expect(dataDirState(scratch())).toBe("absent");
  });

  it("calls what a killed initdb left unfinished, so it may be removed and done again", () => {
    const dir = scratch();
    for (const sub of ["base", "global", "pg_wal"]) mkdirSync(path.join(dir, sub));
    writeFileSync(path.join(dir, "postgresql.conf"), "");
    expect(dataDirState(dir)).toBe("unfinished");
  });

  it("calls a directory holding anything else foreign, so it is never deleted", () => {
    const dir = scratch();
    mkdirSync(path.join(dir, "base"));
    writeFileSync(path.join(dir, "thesis.docx"), "");
    expect(dataDirState(dir)).toBe("foreign");
  });
});
