import { InputError } from "@mesh/core";
import { FittedGaussianCopula, GaussianCopulaSynthesizer, type GaussianCopulaCheckpoint } from "./copula.js";
import { FittedGan, GanSynthesizer, type GanCheckpoint } from "./gan/ctgan.js";
import { type FittedSynthesizer, type Synthesizer, type SynthesizerCheckpoint } from "./synthesizer.js";

const KNOWN = ["gaussian-copula", "gan"] as const;

/** A synthesizer by name, its settings checked (errors name the field). */
export function createSynthesizer(name: string, settings?: unknown): Synthesizer {
  switch (name) {
    case "gaussian-copula":
      return new GaussianCopulaSynthesizer(settings);
    case "gan":
      return new GanSynthesizer(settings);
    default:
      throw new InputError(`unknown synthesizer "${name}" (known: ${KNOWN.join(", ")})`);
  }
}

/** A fitted synthesizer back from its `toJSON()` checkpoint (parsed JSON). */
export function loadSynthesizer(checkpoint: unknown): FittedSynthesizer {
  const c = checkpoint as Partial<SynthesizerCheckpoint> | null;
  if (!c || typeof c !== "object" || c.format !== "mesh-synth-model")
    throw new InputError("not a Mesh synthesizer checkpoint (format mesh-synth-model)");
  switch (c.synthesizer) {
    case "gaussian-copula":
      return FittedGaussianCopula.fromJSON(c as GaussianCopulaCheckpoint);
    case "gan":
      return FittedGan.fromJSON(c as unknown as GanCheckpoint);
    default:
      throw new InputError(`checkpoint of unknown synthesizer ${JSON.stringify(c.synthesizer)} (known: ${KNOWN.join(", ")})`);
  }
}
