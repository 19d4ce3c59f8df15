import { describe, expect, it } from "vitest";
import { CopyBuffer } from "./copy-buffer.js";

describe("CopyBuffer", () => {
  it("writes rows as tab- and newline-separated bytes across as many 1 MB blocks as they need", () => {
    const out = new CopyBuffer();
    const value = `${"x".repeat(997)}\u00c3\u00b4`; // 999 characters, the last two UTF-8 bytes as latin1
    let expected = "";
    for (let row = 0; row < 1500; row++) {
      out.value(value);
      out.tab();
      out.value(String(row));
      out.newline();
      expected += `${value}\t${row}\n`;
    }
    const full = out.take();
    // One block filled to within one value of 1 MB; the rest still open until finish().
    expect(full).toHaveLength(1);
    expect(full[0]!.length).toBeGreaterThan((1 << 20) - 1000);
    expect(full[0]!.length).toBeLessThanOrEqual(1 << 20);
    const blocks = [...full, ...out.finish()];
    expect(blocks.length).toBe(2);
    expect(Buffer.concat(blocks).equals(Buffer.from(expected, "latin1"))).toBe(true);
    expect(Buffer.concat(blocks).toString("utf8")).toContain("xô\t0\n");
  });

  it("gives a value longer than a block a block of its own size", () => {
    const out = new CopyBuffer();
    const huge = "y".repeat((1 << 20) + 10);
    out.value(huge);
    out.newline();
    expect(Buffer.concat(out.finish()).toString("latin1")).toBe(`${huge}\n`);
  });
});
