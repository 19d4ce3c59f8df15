import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { selectBackend } from "./backend.js";

describe("TensorFlow.js backend selection", () => {
  it("auto picks wasm here and records why the native backends were skipped", async () => {
    const choice = await selectBackend("auto");
    expect(choice.backend).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(choice.tried.map((t) => t.backend)).toEqual(["tensorflow-gpu", "tensorflow"]);
    for (const t of choice.tried) expect(t.error).toMatch(/tfjs-node|Cannot find/);
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0]);
    expect(y).toBe(11);
  });

  it("forcing an absent native backend is a clear error", async () => {
    await expect(selectBackend("tensorflow-gpu")).rejects.toThrow(/backend "tensorflow-gpu" is not available.*tfjs-node-gpu/);
    await expect(selectBackend("tensorflow")).rejects.toThrow(/backend "tensorflow" is not available/);
    await expect(selectBackend("gpu" as never)).rejects.toThrow(/backend must be one of/);
  });

  it("forces cpu, then back to wasm", async () => {
    expect((await selectBackend("cpu")).backend).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    expect((await selectBackend("wasm")).backend).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
  });
});
