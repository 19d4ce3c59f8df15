import * as vega from "vega";
import { type TopLevelSpec, compile } from "vega-lite";

/**
 * Renders a Vega-Lite specification to an SVG string in Node, without a canvas (text widths
 * are estimated, the same on every machine without the optional `canvas` package).
 *
 * Vega numbers the gradient and clip-path ids of its SVGs from a process-wide counter, so the
 * same plot would come out with other ids on a second call, and two plots inlined in one page
 * could point at each other's definitions. The ids are renamed here after a hash of the plot
 * itself: the same plot gives the same string, different plots different ids.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return stableIds(await view.toSVG());
  } finally {
    view.finalize();
  }
}

export function stableIds(svg: string): string {
  // Only inside tags: text may hold anything (a column called `id="clip1"`), but never a "<".
  const tags = /<[^<>]*>/g;
  const ids = new Map<string, number>();
  for (const [tag] of svg.matchAll(tags))
    for (const match of tag.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(match[1]!)) ids.set(match[1]!, ids.size);
  if (ids.size === 0) return svg;
  const escaped = [...ids.keys()].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const reference = new RegExp(`(\\sid="|url\\(#|href="#)(${escaped.join("|")})(?=[")])`, "g");
  const rename = (name: (n: number) => string): string =>
    svg.replace(tags, (tag) => tag.replace(reference, (_, before: string, id: string) => `${before}${name(ids.get(id)!)}`));
  // The hash is of the plot with its ids numbered in order of appearance, so not of vega's counter.
  const hash = fnv1a(rename(String));
  return rename((n) => `mesh-${hash}-${n}`);
}

/** 32-bit FNV-1a of a string's UTF-16 code units, as 8 hex digits. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}
