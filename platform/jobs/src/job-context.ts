/** Where a running job is: any of the three, as it knows them. */
export interface JobProgress {
  /** 0 to 1. */
  fraction?: number;
  /** One line for people, e.g. "epoch 12/300". */
  message?: string;
  /** Figures for dashboards, e.g. `{ epoch: 12, generatorLoss: 0.7, etaSeconds: 95 }`. */
  details?: Record<string, unknown>;
}

/** What a job's `run(input, context)` gets besides its input. */
export interface JobContext {
  jobId: string;
  /** The mesh's database, where the queue is: jobs read and write their data there. */
  databaseUrl: string;
  /** Aborted when the job is cancelled: long loops should check it and stop. */
  signal: AbortSignal;
  progress(update: JobProgress): void;
}
