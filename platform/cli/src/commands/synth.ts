import cliProgress from "cli-progress";
import { InputError } from "@mesh/core";
import { defaultSynthesis, SYNTHESIS_STEPS, synthesize, type GenerateOptions } from "@mesh/kit";
import { findDataset } from "../mesh.js";
import { openContext } from "./context.js";

export interface SynthCommandOptions {
  synthesizer?: string;
  rows?: string;
  seed?: string;
  target?: string;
  epochs?: string;
}

/**
 * What `mesh synth` asks for: the contract's defaults (`mesh up`'s request), with the flags given
 * over them. The contract's settings are for its own synthesizer: another one starts from none.
 */
export function synthRequest(
  declared: ReturnType<typeof defaultSynthesis>,
  flags: { synthesizer?: string; seed?: number; epochs?: number },
): { synthesizer: string; settings: Record<string, unknown>; seed: number; filters?: GenerateOptions["filters"] } {
  const synthesizer = flags.synthesizer ?? declared.synthesizer;
  return {
    synthesizer,
    settings: {
      ...(synthesizer === declared.synthesizer ? (declared.settings as Record<string, unknown>) : {}),
      ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}),
    },
    seed: flags.seed ?? declared.seed,
    ...(declared.filters ? { filters: declared.filters } : {}),
  };
}

/**
 * `mesh synth <product> <dataset>`: trains a synthesizer on the dataset's real rows, generates,
 * evaluates against held-out real rows, and publishes the version only when the contract's
 * objectives all pass; ends with the report's summary. Made as `mesh up` makes it (the
 * contract's meshSynthesizer: synthesizer, settings, seed, filters) unless a flag says otherwise;
 * the contract's settings are for its own synthesizer, so `--synthesizer` another drops them.
 */
export async function synthCommand(product: string, datasetName: string, options: SynthCommandOptions): Promise<void> {
  const dataset = findDataset(product, datasetName);
  const integer = (text: string | undefined, flag: string) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1)
      throw new InputError(`${flag} must be a whole number of at least 1, got "${text}"`);
    return value;
  };
  const rows = integer(options.rows, "--rows");
  const epochs = integer(options.epochs, "--epochs");
  const seed = options.seed === undefined ? undefined : (integer(options.seed, "--seed") ?? 0);
  const request = synthRequest(defaultSynthesis(dataset), {
    ...(options.synthesizer !== undefined ? { synthesizer: options.synthesizer } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(epochs !== undefined ? { epochs } : {}),
  });
  const context = await openContext();
  const tty = process.stderr.isTTY === true;
  const bar = tty
    ? new cliProgress.SingleBar(
        { format: `${dataset.product}/${dataset.name} [{bar}] {step} {message}`, stream: process.stderr, barsize: 24 },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(SYNTHESIS_STEPS.length, 0, { step: "", message: "" });
  const out = (line = "") => process.stdout.write(`${line}\n`);
  try {
    const result = await synthesize(context.db.pool, dataset, {
      ...request,
      ...(rows !== undefined ? { rows } : {}),
      ...(options.target ? { target: options.target } : {}),
      onProgress: (p) => bar?.update(p.done + p.fraction, { step: p.step, message: p.message }),
    });
    bar?.update(SYNTHESIS_STEPS.length, { step: "done", message: "" });
    bar?.stop();
    const { report } = result;
    const figure = (value: number | null) => (value === null ? "n/a" : value.toFixed(3));
    out(`Synthetic version ${result.versionId} of ${result.datasetUrn} (${result.synthesizer})`);
    out(`  rows: ${result.rows.train} trained on, ${result.rows.holdout} held out, ${result.rows.synthetic} generated`);
    out(
      `  quality ${figure(report.quality.score)} (shapes ${figure(report.quality.columnShapes.score)}, pair trends ${figure(report.quality.columnPairTrends.score)}); ` +
        (report.utility ? `utility ratio ${figure(report.utility.ratio)}` : "utility not measured (no target)"),
    );
    out(
      `  privacy: exact matches ${figure(report.privacy.exactMatchRate)}, closer to training ${figure(report.privacy.dcr.closerToTrainingShare)}, ` +
        `membership AUC ${figure(report.privacy.membershipInference.auc)}`,
    );
    out("  objectives:");
    for (const r of result.gate.results) {
      out(
        `    ${r.passed ? "PASS" : "FAIL"}  ${r.name.padEnd(32)} ${figure(r.measured).padStart(7)} ${r.comparison} ${r.threshold}${r.reason ? `  (${r.reason})` : ""}`,
      );
    }
    out(result.published ? "Published as the dataset's synthetic port." : "Not published: an objective failed.");
  } finally {
    bar?.stop();
    await context.db.close();
  }
}
