import { describe, expect, it } from "vitest";
import { stableIds } from "./render.js";

describe("stableIds", () => {
  const svg = (clip: string, gradient: string): string =>
    `<svg><defs><clipPath id="${clip}"><rect/></clipPath><linearGradient id="${gradient}"/></defs>` +
    `<g clip-path="url(#${clip})"><path fill="url(#${gradient})"/><text> id="clip1" url(#clip1)</text></g></svg>`;

  it("renames ids in tags after the plot's hash, whatever vega's counter said, and leaves text alone", () => {
    const renamed = stableIds(svg("clip1", "gradient_0"));
    expect(stableIds(svg("clip17", "gradient_4"))).toBe(renamed);
    const [, hash] = /id="mesh-([0-9a-f]{8})-0"/.exec(renamed)!;
    expect(renamed).toBe(
      `<svg><defs><clipPath id="mesh-${hash!}-0"><rect/></clipPath><linearGradient id="mesh-${hash!}-1"/></defs>` +
        `<g clip-path="url(#mesh-${hash!}-0)"><path fill="url(#mesh-${hash!}-1)"/><text> id="clip1" url(#clip1)</text></g></svg>`,
    );
  });
  it("gives different plots different ids, and leaves an SVG without ids as it is", () => {
    const other = stableIds(svg("clip1", "gradient_0").replace("<rect/>", "<circle/>"));
    expect(other.match(/mesh-[0-9a-f]{8}/)![0]).not.toBe(stableIds(svg("clip1", "gradient_0")).match(/mesh-[0-9a-f]{8}/)![0]);
    expect(stableIds("<svg><text>x</text></svg>")).toBe("<svg><text>x</text></svg>");
  });
});
