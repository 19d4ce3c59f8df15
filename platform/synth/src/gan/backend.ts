import { createRequire } from "node:module";
import { dirname } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { InputError } from "@mesh/core";

/**
 * Run-time choice of the TensorFlow.js backend, best first:
 *
 * 1. `tensorflow-gpu`: `@tensorflow/tfjs-node-gpu` (libtensorflow with CUDA), if installed;
 * 2. `tensorflow`: `@tensorflow/tfjs-node` (libtensorflow on the CPU), if installed;
 * 3. `wasm`: `@tensorflow/tfjs-backend-wasm` (a dependency of this package; the tested default),
 *    its .wasm files loaded from the installed package, so nothing is downloaded;
 * 4. `cpu`: plain JavaScript, always there.
 *
 * Neither native package is a dependency (they download libtensorflow when installed); a GPU
 * deployment adds one next to Mesh and `auto` picks it up. The result says what ran and why the
 * better ones were passed over, for the job record.
 */
export type BackendName = "tensorflow-gpu" | "tensorflow" | "wasm" | "cpu";
export type BackendSetting = "auto" | BackendName;
export const BACKEND_SETTINGS: readonly BackendSetting[] = ["auto", "tensorflow-gpu", "tensorflow", "wasm", "cpu"];

export interface BackendChoice {
  /** The backend that is now active. */
  backend: BackendName;
  /** The tfjs name of the active backend ("tensorflow", "wasm", "cpu"). */
  tfjsBackend: string;
  /** Each backend tried before it, best first, with the reason it was not used. */
  tried: { backend: BackendName; error: string }[];
}

const ORDER: readonly BackendName[] = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];
const NATIVE_PACKAGE: Record<"tensorflow-gpu" | "tensorflow", string> = {
  "tensorflow-gpu": "@tensorflow/tfjs-node-gpu",
  tensorflow: "@tensorflow/tfjs-node",
};

const require = createRequire(import.meta.url);
let wasmRegistered = false;
let nativeLoaded: BackendName | null = null;
let current: BackendChoice | null = null;

function message(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split("\n")[0] ?? m;
}

/** Imports a module by a name held in a variable, so that bundlers and tsc do not require it. */
async function optionalImport(name: string): Promise<unknown> {
  return import(/* @vite-ignore */ name);
}

async function activate(name: BackendName): Promise<string> {
  switch (name) {
    case "tensorflow-gpu":
    case "tensorflow": {
      if (nativeLoaded !== null && nativeLoaded !== name)
        throw new Error(`${NATIVE_PACKAGE[nativeLoaded as "tensorflow"]} is already loaded in this process`);
      // Both native packages register a backend called "tensorflow" in the tfjs engine they find.
      await optionalImport(NATIVE_PACKAGE[name]);
      nativeLoaded = name;
      if (!tf.findBackend("tensorflow"))
        throw new Error(`${NATIVE_PACKAGE[name]} loaded but registered no "tensorflow" backend with this @tensorflow/tfjs`);
      if (!(await tf.setBackend("tensorflow"))) throw new Error(`the "tensorflow" backend failed to initialise`);
      return "tensorflow";
    }
    case "wasm": {
      if (!wasmRegistered) {
        const wasm = await import("@tensorflow/tfjs-backend-wasm");
        const dist = dirname(require.resolve("@tensorflow/tfjs-backend-wasm"));
        // A directory prefix: the backend appends the .wasm file name it needs (SIMD here).
        wasm.setWasmPaths(`${dist}/`);
        wasmRegistered = true;
      }
      if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend failed to initialise");
      return "wasm";
    }
    case "cpu":
      if (!(await tf.setBackend("cpu"))) throw new Error("the cpu backend failed to initialise");
      return "cpu";
  }
}

/**
 * Makes the chosen backend the active one. `auto` takes the first that works, best first; a
 * named backend is that one or an error saying why it cannot run. Safe to call repeatedly.
 */
export async function selectBackend(setting: BackendSetting = "auto"): Promise<BackendChoice> {
  if (!BACKEND_SETTINGS.includes(setting))
    throw new InputError(`backend must be one of ${BACKEND_SETTINGS.join(", ")}, got ${JSON.stringify(setting)}`);
  if (current && (setting === "auto" || setting === current.backend) && tf.getBackend() === current.tfjsBackend) {
    return { ...current, tried: [...current.tried] };
  }
  const tried: BackendChoice["tried"] = [];
  const candidates = setting === "auto" ? ORDER : [setting];
  for (const name of candidates) {
    try {
      const tfjsBackend = await activate(name);
      await tf.ready();
      current = { backend: name, tfjsBackend, tried };
      return { ...current, tried: [...tried] };
    } catch (e) {
      tried.push({ backend: name, error: message(e) });
    }
  }
  const last = tried[tried.length - 1];
  throw new InputError(
    setting === "auto"
      ? `no TensorFlow.js backend could start: ${tried.map((t) => `${t.backend}: ${t.error}`).join("; ")}`
      : `backend "${setting}" is not available: ${last?.error ?? "unknown reason"}` +
          (setting in NATIVE_PACKAGE
            ? ` (install ${NATIVE_PACKAGE[setting as "tensorflow"]} next to Mesh, or use backend "auto")`
            : ""),
  );
}
