/**
 * The synthesizer settings `pnpm bench:synth` runs per dataset. No contract carries synthesizer
 * settings yet (a product's `meshSynthesizer` section is proposed in the README's performance
 * section); until one does, the settings found for each dataset are recorded here.
 */
export interface BenchSynthesizer {
  synthesizer: "gaussian-copula" | "gan";
  settings: Record<string, unknown>;
}

/** `gan` settings found for the heart-disease patients (736 training rows, 16 columns) on one wasm core. */
export const HEART_DISEASE_GAN: Record<string, unknown> = {
  generatorDim: [128, 128],
  criticDim: [128, 128],
  batchSize: 100,
  pac: 10,
  epochs: 300,
  maxSeconds: 110,
  earlyStopping: { every: 10, patience: 1000, minDelta: 0.002, sampleRows: 1000 },
};

/** The same for the shipments; see the README for why the gan cannot train on them as they are. */
export const SHIPMENTS_GAN: Record<string, unknown> = { ...HEART_DISEASE_GAN };
