import * as tf from "@tensorflow/tfjs";
import { InputError } from "@mesh/core";
import { type Layout } from "./data.js";

/** A seed source for tf random ops: every op gets its own explicit integer seed. */
export type Seeds = () => number;

export interface Dense {
  w: tf.Variable;
  b: tf.Variable;
}

/** A variable holding `init`'s values; `init` itself is freed. */
function variable(init: tf.Tensor, trainable = true): tf.Variable {
  const v = tf.variable(init, trainable);
  init.dispose();
  return v;
}

/** A linear layer initialised as PyTorch does by default: U(−1/√in, 1/√in) for weights and bias. */
function dense(inDim: number, outDim: number, seeds: Seeds): Dense {
  const bound = 1 / Math.sqrt(inDim);
  return {
    w: variable(tf.randomUniform([inDim, outDim], -bound, bound, "float32", seeds())),
    b: variable(tf.randomUniform([outDim], -bound, bound, "float32", seeds())),
  };
}

const linear = (x: tf.Tensor2D, d: Dense): tf.Tensor2D => tf.add(tf.matMul(x, d.w as tf.Tensor2D), d.b) as tf.Tensor2D;

/** Leaky ReLU (slope 0.2) as 0.6x + 0.4|x|: tf.leakyRelu has no second derivative for the gradient penalty. */
export const leaky = (x: tf.Tensor): tf.Tensor => tf.add(tf.mul(x, 0.6), tf.mul(tf.abs(x), 0.4));

interface Residual {
  linear: Dense;
  gamma: tf.Variable;
  beta: tf.Variable;
  runningMean: tf.Variable;
  runningVar: tf.Variable;
}

export interface BatchMoments {
  block: number;
  mean: tf.Tensor;
  variance: tf.Tensor;
}

/**
 * The generator: residual blocks (linear → batch norm → ReLU, output concatenated with the
 * block's input), then a linear layer to the GAN row; `activate` puts tanh on α values and a
 * Gumbel-softmax on every one-hot block.
 */
export class Generator {
  readonly blocks: Residual[];
  readonly out: Dense;

  constructor(
    readonly inDim: number,
    readonly dims: readonly number[],
    readonly outDim: number,
    seeds: Seeds,
  ) {
    let d = inDim;
    this.blocks = dims.map((o) => {
      const block: Residual = {
        linear: dense(d, o, seeds),
        gamma: variable(tf.ones([o])),
        beta: variable(tf.zeros([o])),
        runningMean: variable(tf.zeros([o]), false),
        runningVar: variable(tf.ones([o]), false),
      };
      d += o;
      return block;
    });
    this.out = dense(d, outDim, seeds);
  }

  /** Named variables, in a fixed order (the checkpoint's). */
  variables(): [string, tf.Variable][] {
    const out: [string, tf.Variable][] = [];
    this.blocks.forEach((b, i) => {
      out.push([`generator.block${i}.weight`, b.linear.w], [`generator.block${i}.bias`, b.linear.b]);
      out.push([`generator.block${i}.bn.gamma`, b.gamma], [`generator.block${i}.bn.beta`, b.beta]);
      out.push([`generator.block${i}.bn.runningMean`, b.runningMean], [`generator.block${i}.bn.runningVar`, b.runningVar]);
    });
    out.push(["generator.out.weight", this.out.w], ["generator.out.bias", this.out.b]);
    return out;
  }

  trainable(): tf.Variable[] {
    return this.variables()
      .map(([, v]) => v)
      .filter((v) => v.trainable);
  }

  /** Raw outputs (logits for one-hot blocks). Training mode uses batch moments and reports them. */
  forward(x: tf.Tensor2D, training: boolean, moments?: BatchMoments[]): tf.Tensor2D {
    let h = x;
    this.blocks.forEach((b, i) => {
      const y = linear(h, b.linear);
      let mean: tf.Tensor;
      let variance: tf.Tensor;
      if (training) {
        const m = tf.moments(y, 0);
        mean = m.mean;
        variance = m.variance;
        moments?.push({ block: i, mean: tf.keep(tf.clone(mean)), variance: tf.keep(tf.clone(variance)) });
      } else {
        mean = b.runningMean;
        variance = b.runningVar;
      }
      const normed = tf.add(tf.mul(tf.div(tf.sub(y, mean), tf.sqrt(tf.add(variance, 1e-5))), b.gamma), b.beta);
      h = tf.concat([tf.relu(normed), h], 1) as tf.Tensor2D;
    });
    return linear(h, this.out);
  }

  /**
   * The network as it generates: each block's batch norm (its running statistics) folded into its
   * linear layer, W·s and (b − μ)·s + β with s = γ / √(σ² + 1e-5), so that a block is one fused
   * matrix product with bias and ReLU. Computes what `forward(x, false)` does, with fewer passes
   * over the rows. A snapshot of the current weights: the caller disposes it.
   */
  inference(): InferenceGenerator {
    const folded = this.blocks.map((b) =>
      tf.tidy(() => {
        const scale = tf.div(b.gamma, tf.sqrt(tf.add(b.runningVar, 1e-5)));
        return {
          w: tf.mul(b.linear.w, scale) as tf.Tensor2D,
          b: tf.add(tf.mul(tf.sub(b.linear.b, b.runningMean), scale), b.beta) as tf.Tensor1D,
        };
      }),
    );
    return new InferenceGenerator(folded, { w: tf.clone(this.out.w) as tf.Tensor2D, b: tf.clone(this.out.b) as tf.Tensor1D });
  }

  /** Folds batch moments into the running statistics (momentum 0.1) and frees them. */
  updateRunningStats(moments: BatchMoments[]): void {
    for (const m of moments) {
      const b = this.blocks[m.block] as Residual;
      tf.tidy(() => {
        b.runningMean.assign(tf.add(tf.mul(b.runningMean, 0.9), tf.mul(m.mean, 0.1)));
        b.runningVar.assign(tf.add(tf.mul(b.runningVar, 0.9), tf.mul(m.variance, 0.1)));
      });
      m.mean.dispose();
      m.variance.dispose();
    }
  }

  dispose(): void {
    for (const [, v] of this.variables()) v.dispose();
  }
}

interface Affine {
  w: tf.Tensor2D;
  b: tf.Tensor1D;
}

/** The generator with its batch norms folded in (`Generator.inference`): raw outputs, as `forward(x, false)`. */
export class InferenceGenerator {
  constructor(
    private readonly blocks: Affine[],
    private readonly out: Affine,
  ) {}

  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy((): tf.Tensor2D => {
      let h: tf.Tensor2D = x;
      for (const block of this.blocks) {
        const y = tf.fused.matMul({ a: h, b: block.w, bias: block.b, activation: "relu" }) as tf.Tensor2D;
        h = tf.concat([y, h], 1);
      }
      return tf.fused.matMul({ a: h, b: this.out.w, bias: this.out.b }) as tf.Tensor2D;
    });
  }

  dispose(): void {
    for (const { w, b } of [...this.blocks, this.out]) tf.dispose([w, b]);
  }
}

/** tanh on α values, Gumbel-softmax (temperature 0.2) on one-hot blocks; seeded noise. */
export function activate(raw: tf.Tensor2D, layout: Layout, seeds: Seeds, tau = 0.2): tf.Tensor2D {
  const parts = layout.spans.map((s) => {
    const logits = tf.slice(raw, [0, s.start], [-1, s.size]);
    if (s.activation === "tanh") return tf.tanh(logits);
    const u = tf.randomUniform(logits.shape, 1e-10, 1, "float32", seeds());
    // A draw can round to exactly 1 in float32; −log(1) = 0 would make the noise infinite and
    // every weight NaN from that step on. The 1e-20 changes no other draw's value.
    const gumbel = tf.neg(tf.log(tf.add(tf.neg(tf.log(u)), 1e-20)));
    return tf.softmax(tf.div(tf.add(logits, gumbel), tau));
  });
  return tf.concat(parts, 1) as tf.Tensor2D;
}

/** The generator's conditional loss: cross-entropy of each row's conditioned block against its condition. */
export function conditionalLoss(raw: tf.Tensor2D, cond: tf.Tensor2D, mask: tf.Tensor2D, layout: Layout): tf.Scalar {
  const batch = raw.shape[0];
  if (layout.cond.length === 0) return tf.scalar(0);
  const terms = layout.cond.map((c, ci) => {
    const logits = tf.slice(raw, [0, c.span.start], [-1, c.size]);
    const target = tf.slice(cond, [0, c.offset], [-1, c.size]);
    const ce = tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)), 1));
    return tf.mul(ce, tf.reshape(tf.slice(mask, [0, ci], [-1, 1]), [-1]));
  });
  return tf.div(tf.sum(tf.addN(terms)), batch) as tf.Scalar;
}

/** The critic: `pac` rows judged together, linear → leaky ReLU → dropout(0.5) per hidden layer. */
export class Critic {
  readonly layers: Dense[];
  readonly out: Dense;

  constructor(
    readonly inDim: number,
    readonly dims: readonly number[],
    readonly pac: number,
    seeds: Seeds,
  ) {
    let d = inDim * pac;
    this.layers = dims.map((o) => {
      const l = dense(d, o, seeds);
      d = o;
      return l;
    });
    this.out = dense(d, 1, seeds);
  }

  trainable(): tf.Variable[] {
    return [...this.layers.flatMap((l) => [l.w, l.b]), this.out.w, this.out.b];
  }

  forward(x: tf.Tensor2D, seeds: Seeds | null): tf.Tensor2D {
    let h = tf.reshape(x, [-1, this.inDim * this.pac]) as tf.Tensor2D;
    for (const l of this.layers) {
      h = leaky(linear(h, l)) as tf.Tensor2D;
      if (seeds) h = tf.dropout(h, 0.5, undefined, seeds()) as tf.Tensor2D;
    }
    return linear(h, this.out);
  }

  /**
   * WGAN-GP penalty (Gulrajani et al. 2017): λ·E[(‖∇ critic(x̂)‖ − 1)²] at points x̂ between real
   * and fake rows, one mixing weight per pack, the gradient's norm taken per pack.
   */
  gradientPenalty(real: tf.Tensor2D, fake: tf.Tensor2D, lambda: number, seeds: Seeds): tf.Scalar {
    const [batch, dim] = real.shape;
    const packs = batch / this.pac;
    const alpha = tf.reshape(tf.tile(tf.randomUniform([packs, 1], 0, 1, "float32", seeds()), [1, this.pac]), [batch, 1]);
    const mixed = tf.add(tf.mul(real, alpha), tf.mul(fake, tf.sub(1, alpha))) as tf.Tensor2D;
    const dropoutSeed = seeds();
    let k = 0;
    const grad = tf.grad((x: tf.Tensor) => tf.sum(this.forward(x as tf.Tensor2D, () => dropoutSeed + k++)))(mixed);
    const norms = tf.sqrt(tf.add(tf.sum(tf.square(tf.reshape(grad, [packs, this.pac * dim])), 1), 1e-12));
    return tf.mul(tf.mean(tf.square(tf.sub(norms, 1))), lambda) as tf.Scalar;
  }

  /**
   * Per-row gradients for DP-SGD (pac 1 only). Row i's loss is the WGAN-GP critic loss of real
   * row i and its fake partner: ℓ_i = critic(fake_i) − critic(real_i) + λ·(‖∇ₓ critic(x̂_i)‖ − 1)²,
   * with x̂_i = α_i·real_i + (1 − α_i)·fake_i. The fake term reads no real row, but clipping it
   * with the rest keeps the two sides of the Wasserstein estimate on the same scale (clipping
   * only the real side lets the fake side dominate and the critic drift). All rows in one pass:
   * each row gets its own copy of
   * the weights (tiled to [rows, …shape]) and the layers become batched matrix products, so the
   * gradient with respect to copy i is row i's gradient. Returns one [rows, …shape] tensor per
   * trainable variable (in `trainable()` order) and Σ_i ℓ_i.
   */
  perRowGradients(
    real: tf.Tensor2D,
    fake: tf.Tensor2D,
    alpha: tf.Tensor2D,
    lambda: number,
    seeds: Seeds | null,
  ): { grads: tf.Tensor[]; loss: tf.Scalar } {
    if (this.pac !== 1) throw new InputError(`per-row gradients need a critic with pac 1, this one has pac ${this.pac}`);
    const rows = real.shape[0];
    const tiled = this.trainable().map((v) => tf.tile(tf.expandDims(v, 0), [rows, ...v.shape.map(() => 1)]));
    const mixed = tf.add(tf.mul(real, alpha), tf.mul(fake, tf.sub(1, alpha))) as tf.Tensor2D;
    const realSeed = seeds ? seeds() : 0;
    const fakeSeed = seeds ? seeds() : 0;
    const mixedSeed = seeds ? seeds() : 0;
    const f = (...params: tf.Tensor[]): tf.Scalar => {
      let k = 0;
      let i = 0;
      let j = 0;
      const onReal = this.forwardPerRow(real, params, seeds ? () => realSeed + k++ : null);
      const onFake = this.forwardPerRow(fake, params, seeds ? () => fakeSeed + i++ : null);
      const grad = tf.grad((x: tf.Tensor) =>
        tf.sum(this.forwardPerRow(x as tf.Tensor2D, params, seeds ? () => mixedSeed + j++ : null)),
      )(mixed);
      const norms = tf.sqrt(tf.add(tf.sum(tf.square(grad), 1), 1e-12));
      return tf.sum(tf.add(tf.sub(onFake, onReal), tf.mul(tf.square(tf.sub(norms, 1)), lambda))) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(f)(tiled);
    return { grads, loss: value as tf.Scalar };
  }

  /** The critic's output per row with per-row weights `params` ([rows, …shape], trainable() order). */
  private forwardPerRow(x: tf.Tensor2D, params: tf.Tensor[], seeds: Seeds | null): tf.Tensor1D {
    const layer = (h: tf.Tensor3D, i: number): tf.Tensor3D =>
      tf.add(tf.matMul(h, params[2 * i] as tf.Tensor3D), tf.expandDims(params[2 * i + 1] as tf.Tensor2D, 1)) as tf.Tensor3D;
    let h = tf.expandDims(x, 1) as tf.Tensor3D;
    this.layers.forEach((_, i) => {
      h = leaky(layer(h, i)) as tf.Tensor3D;
      if (seeds) h = tf.dropout(h, 0.5, undefined, seeds()) as tf.Tensor3D;
    });
    return tf.reshape(layer(h, this.layers.length), [-1]) as tf.Tensor1D;
  }

  dispose(): void {
    for (const v of this.trainable()) v.dispose();
  }
}

/** A variable's values as base64 of its float32 bytes (little-endian), with its shape. */
export interface SavedTensor {
  shape: number[];
  data: string;
}

export function saveVariables(vars: [string, tf.Variable][]): Record<string, SavedTensor> {
  const out: Record<string, SavedTensor> = {};
  for (const [name, v] of vars) {
    const f = v.dataSync() as Float32Array;
    out[name] = { shape: [...v.shape], data: Buffer.from(f.buffer, f.byteOffset, f.byteLength).toString("base64") };
  }
  return out;
}

export function loadVariables(vars: [string, tf.Variable][], saved: Record<string, SavedTensor>): void {
  for (const [name, v] of vars) {
    const s = saved[name];
    if (!s) throw new InputError(`gan checkpoint: weights "${name}" are missing`);
    if (s.shape.length !== v.shape.length || s.shape.some((d, i) => d !== v.shape[i]))
      throw new InputError(`gan checkpoint: weights "${name}" have shape [${s.shape}], expected [${v.shape}]`);
    const bytes = Buffer.from(s.data, "base64");
    const f = new Float32Array(bytes.byteLength / 4);
    new Uint8Array(f.buffer).set(bytes);
    if (f.length !== v.size)
      throw new InputError(`gan checkpoint: weights "${name}" hold ${f.length} numbers, expected ${v.size}`);
    tf.tidy(() => v.assign(tf.tensor(f, v.shape)));
  }
}

/** A copy of variables' values (for keeping the best weights). */
export function snapshot(vars: tf.Variable[]): Float32Array[] {
  return vars.map((v) => (v.dataSync() as Float32Array).slice());
}

export function restore(vars: tf.Variable[], values: Float32Array[]): void {
  vars.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(values[i] as Float32Array, v.shape))));
}
