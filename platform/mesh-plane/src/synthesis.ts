import { InputError, NotFoundError } from "@mesh/core";
import type { ProductRegistry } from "./product-registry.js";
import { given, type MeshPlaneContext } from "./context.js";

/** What a caller may ask the synthesis jobs to do (the `publish` step is the platform's own, on start). */
export type SynthesisRequest =
  | { step: "train"; dataset: string; synthesizer?: string; settings?: unknown; seed?: number; holdoutShare?: number }
  | {
      step: "generate";
      dataset: string;
      model: string;
      rows?: number;
      seed?: number;
      conditions?: Record<string, unknown>;
      rebalance?: string;
      filters?: Record<string, unknown>;
    }
  | { step: "evaluate"; dataset: string; version: string };

/** A synthesis job as its queue reports it. */
export interface SynthesisJobView {
  id: string;
  /** The queue, `synth.<step>`. */
  name: string;
  state: string;
  input: unknown;
  progress: { fraction?: number; message?: string; details?: Record<string, unknown>; updatedAt: Date | null };
  output: unknown;
  error: string | null;
  retryCount: number;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
}

/** The job queue as the mesh plane uses it (the composition root supplies it: @mesh/jobs with the synthesis workers). */
export interface SynthesisService {
  /** Checks the request (synthesizer and settings) and queues it; returns the job's id. */
  submit(request: SynthesisRequest): Promise<string>;
  /** Throws NotFoundError for an unknown id. */
  status(id: string): Promise<SynthesisJobView>;
  cancel(id: string): Promise<void>;
}

export const synthesisTypeDefs = `
"""
A synthesis job: training a synthesizer on a dataset's real rows, generating a synthetic version
from a trained one, or evaluating a version against held-out real rows (and publishing it when
every objective of the contract passes). Jobs run in worker threads, survive a restart, and are
retried after a crash.
"""
type SynthesisJob {
  """
  The job's id (\`job(id:)\` reads it again).
  """
  id: ID!
  """
  What it does.
  """
  step: SynthesisStep!
  """
  The dataset's URN.
  """
  dataset: ID!
  """
  Where the job is in its life.
  """
  state: JobState!
  """
  How far it has got.
  """
  progress: JobProgress!
  """
  What the job made, once completed: the model's id (train), the version's id and row count (generate), the gate's verdict (evaluate).
  """
  output: JSON
  """
  Why the last run failed, when it did (or is waiting to retry).
  """
  error: String
  """
  Runs retried after a failure.
  """
  retryCount: Int!
  """
  ISO 8601, UTC.
  """
  createdAt: String!
  """
  When its current run started (ISO 8601, UTC).
  """
  startedAt: String
  """
  When it completed, failed or was cancelled (ISO 8601, UTC).
  """
  completedAt: String
}

"""
What a synthesis job does.
"""
enum SynthesisStep {
  TRAIN
  GENERATE
  EVALUATE
  """
  Train, generate and evaluate in a row: what the mesh queues on start for a product without a current synthetic version.
  """
  PUBLISH
}

"""
A job's state: queued (CREATED), waiting to retry after a failure (RETRY), running (ACTIVE), or finished.
"""
enum JobState {
  CREATED
  RETRY
  ACTIVE
  COMPLETED
  CANCELLED
  FAILED
}

"""
Where a running job is.
"""
type JobProgress {
  """
  0 to 1.
  """
  fraction: Float
  """
  One line, e.g. \`epoch 12/300\`.
  """
  message: String
  """
  Figures such as the epoch, the losses, the fidelity signal and the ETA in seconds.
  """
  details: JSON!
  """
  When the progress was last reported (ISO 8601, UTC).
  """
  updatedAt: String
}

"""
Requests that start or stop work; each is checked against the caller's abilities and audited.
"""
type Mutation {
  """
  Trains a synthesizer on a dataset's real rows (a seeded share held out for the evaluation). Domain owners, on their own domain's datasets.
  """
  trainSynthesizer(
    """
    The dataset's URN.
    """
    dataset: ID!
    """
    \`gaussian-copula\` (default) or \`gan\`.
    """
    synthesizer: String
    """
    The synthesizer's settings, e.g. \`{ "epochs": 300, "batchSize": 500 }\` for \`gan\`; unknown fields are refused by name.
    """
    settings: JSON
    """
    Seeds the split and the training (default 0): the same seed, data and settings give the same model.
    """
    seed: Int
    """
    Share of the real rows held out for the evaluation, default 0.2.
    """
    holdoutShare: Float
  ): SynthesisJob!
  """
  Generates a synthetic version from a trained synthesizer; it is published only once evaluated.
  """
  generateSyntheticDataset(
    """
    The dataset's URN.
    """
    dataset: ID!
    """
    The model's id, from a \`trainSynthesizer\` job's output.
    """
    model: ID!
    """
    Default: as many rows as the model was trained on.
    """
    rows: Int
    """
    Seeds generation (default the model's seed).
    """
    seed: Int
    """
    Columns fixed on every row: \`{ "sex": 0, "num": { "gt": 0 } }\` (a value, \`{ in: [...] }\`, or a range).
    """
    conditions: JSON
    """
    A categorical column whose groups get equal counts.
    """
    rebalance: String
    """
    Post-generation privacy filters against the real training rows: \`{ "tooClose": "auto", "outlierQuantile": 0.99 }\` drops rows nearer a real row than most real rows are to each other, and outliers.
    """
    filters: JSON
  ): SynthesisJob!
  """
  Evaluates a generated version against the real rows its synthesizer never saw, judges the contract's objectives, and publishes the version when all pass.
  """
  evaluateSyntheticDataset(
    """
    The dataset's URN.
    """
    dataset: ID!
    """
    The version's id, from a \`generateSyntheticDataset\` job's output.
    """
    version: ID!
  ): SynthesisJob!
  """
  Cancels a synthesis job that has not finished; a running one stops at its next step and stores nothing.
  """
  cancelSynthesisJob(
    """
    The job's id.
    """
    id: ID!
  ): SynthesisJob!
}
`;

export const synthesisQueryFields = `
  """
  A synthesis job, or null when there is none with this id. Domain owners read their domain's jobs; governance officers read all.
  """
  synthesisJob(
    """
    The job's id, as the mutation that queued it returned it.
    """
    id: ID!
  ): SynthesisJob
`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The mesh plane's synthesis resolvers: every request checks the caller's ability on the dataset's domain (and is audited). */
export function synthesisResolvers(service: SynthesisService | undefined, registry: ProductRegistry) {
  const required = (): SynthesisService => {
    if (!service) throw new InputError("synthesis jobs are not available on this mesh plane (no job queue was given)");
    return service;
  };
  /** The dataset's domain, from the registry: an unknown dataset is refused by name. */
  const domainOf = async (dataset: string): Promise<string> => {
    const productUrn = dataset.split(":").slice(0, 4).join(":");
    const product = await registry.get(productUrn);
    if (!product?.datasets.some((d) => d.urn === dataset)) throw new NotFoundError(`no dataset ${dataset} in this mesh`);
    return product.domain;
  };
  const view = (job: SynthesisJobView) => {
    const input = (job.input ?? {}) as { step?: string; dataset?: string };
    return {
      id: job.id,
      step: String(input.step ?? job.name.replace(/^synth\./, "")).toUpperCase(),
      dataset: input.dataset ?? "",
      state: job.state.toUpperCase(),
      progress: {
        fraction: job.progress.fraction ?? null,
        message: job.progress.message ?? null,
        details: job.progress.details ?? {},
        updatedAt: job.progress.updatedAt?.toISOString() ?? null,
      },
      output: job.output,
      error: job.error,
      retryCount: job.retryCount,
      createdAt: job.createdAt.toISOString(),
      startedAt: job.startedAt?.toISOString() ?? null,
      completedAt: job.completedAt?.toISOString() ?? null,
    };
  };
  /** A synthesis job the caller may read, or null when there is none. */
  const readable = async (id: string, context: MeshPlaneContext, action: "read" | "run") => {
    if (!UUID.test(id)) throw new InputError(`"${id}" is not a job id`);
    let job: SynthesisJobView;
    try {
      job = await required().status(id);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
    const dataset = (job.input as { dataset?: unknown } | null)?.dataset;
    if (!job.name.startsWith("synth.") || typeof dataset !== "string") return null;
    context.access.assertSynthesis(action, await domainOf(dataset), dataset);
    return job;
  };
  const submit = async (request: SynthesisRequest, context: MeshPlaneContext) => {
    context.access.assertSynthesis("run", await domainOf(request.dataset), request.dataset);
    const id = await required().submit(request);
    return view(await required().status(id));
  };

  return {
    Query: {
      synthesisJob: async (_: unknown, args: { id: string }, context: MeshPlaneContext) => {
        const job = await readable(args.id, context, "read");
        return job && view(job);
      },
    },
    Mutation: {
      trainSynthesizer: (
        _: unknown,
        args: Omit<Extract<SynthesisRequest, { step: "train" }>, "step">,
        context: MeshPlaneContext,
      ) => submit(given({ step: "train" as const, ...args }), context),
      generateSyntheticDataset: (
        _: unknown,
        args: Omit<Extract<SynthesisRequest, { step: "generate" }>, "step">,
        context: MeshPlaneContext,
      ) => submit(given({ step: "generate" as const, ...args }), context),
      evaluateSyntheticDataset: (_: unknown, args: { dataset: string; version: string }, context: MeshPlaneContext) =>
        submit({ step: "evaluate", ...args }, context),
      cancelSynthesisJob: async (_: unknown, args: { id: string }, context: MeshPlaneContext) => {
        const job = await readable(args.id, context, "run");
        if (!job) throw new NotFoundError(`no synthesis job ${args.id}`);
        await required().cancel(args.id);
        return view(await required().status(args.id));
      },
    },
  };
}
