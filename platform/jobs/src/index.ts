export {
  findUnfinishedJobs,
  JobQueue,
  jobsMigrations,
  type JobDefinition,
  type JobQueueOptions,
  type JobState,
  type JobStatus,
  type UnfinishedJob,
} from "./job-queue.js";
export type { JobContext, JobProgress } from "./job-context.js";
