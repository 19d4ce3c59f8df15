/**
 * The `gan` settings `pnpm bench:synth` runs per dataset unless the dataset's contract names the
 * `gan` in its `meshSynthesizer` (the contracts choose the copula today): the settings found for
 * each dataset, recorded here until a contract carries them.
 */

/**
 * Heart-disease patients (736 training rows, 16 columns, GAN rows 59 wide), one wasm core.
 * Against CTGAN's defaults: pac 1 (packs of 10 hid the per-row rule has_disease ⇔ diagnosis > 0
 * from the critic: utility ratio 0.43–0.45 at every length tried), a narrower critic learning
 * twice as fast as the generator (two time-scale updates: more critic progress per step without
 * the cost of a second critic step, which diverged to NaN here), noise of 32 dimensions, batches
 * of 100 (7 steps an epoch). 300 epochs take about 95 CPU seconds; `maxSeconds` bounds a slower
 * machine, where the run stops earlier and may then restore an earlier epoch. Noise of 32
 * dimensions, not 64: generating then costs a sixth less (the noise enters every layer's matrix
 * product: each residual block passes its input on), and in a trial on seed 0 it learned as well (quality 0.912,
 * utility ratio 0.986, against 0.905 and 0.960 with 64).
 */
export const HEART_DISEASE_GAN: Record<string, unknown> = {
  generatorDim: [128, 128],
  criticDim: [64, 64],
  embeddingDim: 32,
  batchSize: 100,
  pac: 1,
  generatorLr: 2e-4,
  criticLr: 4e-4,
  epochs: 300,
  maxSeconds: 110,
  // Patience past the last epoch: the fidelity signal only chooses which epoch's weights to keep.
  earlyStopping: { every: 10, patience: 1000, minDelta: 0.002, sampleRows: 1000 },
};

/**
 * Shipments (8,259 training rows, 40 columns): the same settings. The gan cannot train on them as
 * they are: a one-hot slot for every category makes the GAN row about 18,100 numbers wide (7,030
 * ASN/DN numbers, 6,233 PO/SO numbers, 1,302 freight notes…), so the generator's output layer
 * alone holds about 330 million weights (1.3 GB, three times that with Adam's moments): the wasm
 * backend aborts once its 4 GB memory is full.
 */
export const SHIPMENTS_GAN: Record<string, unknown> = { ...HEART_DISEASE_GAN };
