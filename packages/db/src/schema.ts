import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  inet,
  integer,
  jsonb,
  bigint,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { uuidv7 } from './ids.js';

const id = () =>
  uuid('id')
    .primaryKey()
    .$defaultFn(() => uuidv7());
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** One row: instance-wide settings. The row lock also serialises first-run setup. */
export const instanceSettings = pgTable(
  'instance_settings',
  {
    id: integer('id').primaryKey().default(1),
    openRegistration: boolean('open_registration').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('instance_settings_single_row', sql`${t.id} = 1`)],
);

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    isInstanceAdmin: boolean('is_instance_admin').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email)],
);

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    csrfToken: text('csrf_token').notNull(),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_key').on(t.tokenHash),
    index('sessions_user_idx').on(t.userId),
  ],
);

export const orgs = pgTable('orgs', {
  id: id(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['personal', 'team'] }).notNull(),
  /** The org's overrides of the default PII policy (per kind: block, review or mask); null: defaults. */
  piiPolicy: jsonb('pii_policy'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const orgMembers = pgTable(
  'org_members',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['owner', 'admin', 'member', 'viewer'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index('org_members_user_idx').on(t.userId)],
);

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    email: text('email'),
    role: text('role', { enum: ['owner', 'admin', 'member', 'viewer'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: uuid('accepted_by').references(() => users.id),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    index('invitations_org_idx').on(t.orgId),
  ],
);

export const projects = pgTable(
  'projects',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('projects_org_idx').on(t.orgId, t.id)],
);

export const projectMembers = pgTable(
  'project_members',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['owner', 'editor', 'viewer'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.userId] }),
    index('project_members_user_idx').on(t.userId),
  ],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('api_keys_secret_hash_key').on(t.secretHash),
    index('api_keys_org_idx').on(t.orgId, t.id),
  ],
);

/** Append-only: no code path updates or deletes a row. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    projectId: uuid('project_id'),
    actorType: text('actor_type', { enum: ['user', 'api_key', 'system'] }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    summary: text('summary').notNull(),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_events_org_idx').on(t.orgId, t.id),
    index('audit_events_org_action_idx').on(t.orgId, t.action, t.id),
  ],
);

/**
 * A raw upload, stored once per org by content: a second upload of the same bytes links here
 * instead of storing them again. The storage key is built from the hash, never a file name.
 */
export const blobs = pgTable(
  'blobs',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    sha256: text('sha256').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('blobs_org_sha256_key').on(t.orgId, t.sha256)],
);

export const datasets = pgTable(
  'datasets',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    /** Soft delete: hidden at once; storage is freed by the purge. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    /** When the purge freed its files; the row stays only for versions that runs or scorings cite. */
    purgedAt: timestamp('purged_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('datasets_project_idx').on(t.projectId, t.id),
    uniqueIndex('datasets_project_name_key')
      .on(t.projectId, sql`lower(${t.name})`)
      .where(sql`${t.deletedAt} is null`),
  ],
);

export const DATASET_VERSION_STATUSES = [
  'processing',
  'ready',
  'review',
  'rejected',
  'failed',
] as const;

/** Immutable once ready: a new upload, SQL result or masking makes a new version. */
export const datasetVersions = pgTable(
  'dataset_versions',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    /** 1, 2, 3… per dataset. */
    number: integer('number').notNull(),
    status: text('status', { enum: DATASET_VERSION_STATUSES }).notNull(),
    /** Where the version came from: an upload, a SQL result, a masking or a batch scoring of another version. */
    source: text('source', { enum: ['upload', 'sql', 'mask', 'batch_scoring'] }).notNull(),
    parentVersionId: uuid('parent_version_id'),
    /** How a derived version was made: the SQL and its input versions, or the masked columns. */
    lineage: jsonb('lineage'),
    blobId: uuid('blob_id').references(() => blobs.id),
    /** The uploader's file name, for display only (never used as a path). */
    fileName: text('file_name'),
    /** SPDX identifier, `user-owned` or `other`, as declared (or detected) at upload. */
    license: text('license').notNull(),
    licenseTier: text('license_tier', { enum: ['allowed', 'review', 'prohibited'] }).notNull(),
    /** The uploader's statement: text version, user, time, IP, file hash. */
    attestation: jsonb('attestation'),
    format: text('format'),
    /** Canonical Parquet of the version once ingested. */
    parquetKey: text('parquet_key'),
    rowCount: bigint('row_count', { mode: 'number' }),
    columnCount: integer('column_count'),
    /** The effective schema: the inferred one with the user's overrides applied (what training reads). */
    schema: jsonb('schema'),
    /** The schema as ingest inferred it, before overrides. */
    inferredSchema: jsonb('inferred_schema'),
    /** The user's per-column type and role overrides, as sent. */
    schemaOverrides: jsonb('schema_overrides'),
    profile: jsonb('profile'),
    governance: jsonb('governance'),
    /** Results of the dataset's validation rules on this version, from ingest or a later run. */
    validation: jsonb('validation'),
    /** Why ingest failed: a message that says what and where. */
    error: text('error'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    readyAt: timestamp('ready_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('dataset_versions_number_key').on(t.datasetId, t.number),
    index('dataset_versions_project_idx').on(t.projectId, t.id),
    index('dataset_versions_blob_idx').on(t.blobId),
  ],
);

/** A Great-Expectations-like check attached to a dataset, evaluated on each of its versions. */
export const datasetValidationRules = pgTable(
  'dataset_validation_rules',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    /** The rule as validated by its zod contract: kind, column, mostly and the kind's parameters. */
    rule: jsonb('rule').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('dataset_validation_rules_dataset_idx').on(t.datasetId, t.id)],
);

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

/** Background work (ingest now; training, scoring and drift later) behind the JobQueue port. */
export const jobs = pgTable(
  'jobs',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('queued'),
    /** Versioned payload of the job's kind (a zod contract). */
    payload: jsonb('payload').notNull(),
    /** The resource the job works on, e.g. the dataset version being ingested. */
    targetType: text('target_type'),
    targetId: uuid('target_id'),
    attempts: integer('attempts').notNull().default(0),
    /** Claims (crashes included) after which the job fails instead of running again. */
    maxAttempts: integer('max_attempts').notNull().default(3),
    /** Higher runs first; equal priorities run oldest first. */
    priority: integer('priority').notNull().default(0),
    /** Aborts the handler and fails the job after this long; null means no limit. */
    timeoutMs: integer('timeout_ms'),
    /** Not claimed before this time (backoff after a transient failure). */
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    /** The process running the job, and when it last proved alive (its lease). */
    lockedBy: text('locked_by'),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    /** Set by a cancel while running; the process running it sees it with its heartbeat. */
    cancelRequestedAt: timestamp('cancel_requested_at', { withTimezone: true }),
    /** When a queued row was handed to the dispatcher (BullMQ); null = still in the outbox. */
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    error: text('error'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('jobs_queue_idx').on(t.status, t.id),
    index('jobs_project_idx').on(t.projectId, t.id),
    // The claim's order: only queued rows, highest priority then oldest.
    index('jobs_claim_idx')
      .on(t.priority.desc(), t.id)
      .where(sql`${t.status} = 'queued'`),
    index('jobs_running_org_idx')
      .on(t.orgId)
      .where(sql`${t.status} = 'running'`),
  ],
);

export const JOB_LOG_LEVELS = ['info', 'warn', 'error'] as const;

/** Lines a job's handler logged, in order; kept with the job and deleted with it. */
export const jobLogs = pgTable(
  'job_logs',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    level: text('level', { enum: JOB_LOG_LEVELS }).notNull(),
    message: text('message').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
);

/** A dataset version waiting for an admin's decision (licence tier or PII policy "review"). */
export const reviews = pgTable(
  'reviews',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    datasetVersionId: uuid('dataset_version_id')
      .notNull()
      .references(() => datasetVersions.id, { onDelete: 'cascade' }),
    /** Why it needs review, e.g. "licence CC-BY-NC-4.0 is non-commercial". */
    reason: text('reason').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] })
      .notNull()
      .default('pending'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decisionReason: text('decision_reason'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('reviews_org_status_idx').on(t.orgId, t.status, t.id),
    uniqueIndex('reviews_version_pending_key')
      .on(t.datasetVersionId)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/** Instance-wide deny list: uploads whose SHA-256 is here are refused (known prohibited content). */
export const deniedHashes = pgTable(
  'denied_hashes',
  {
    id: id(),
    sha256: text('sha256').notNull(),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('denied_hashes_sha256_key').on(t.sha256)],
);

/** Experiments group the runs of a project. */
export const experiments = pgTable(
  'experiments',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('experiments_project_name_key').on(t.projectId, sql`lower(${t.name})`)],
);

export const RUN_STATUSES = [
  'queued',
  'running',
  'paused',
  'succeeded',
  'failed',
  'cancelled',
] as const;

/** One training of a model: what went in (immutable once written) and what came out. */
export const runs = pgTable(
  'runs',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    experimentId: uuid('experiment_id')
      .notNull()
      .references(() => experiments.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull().default('queued'),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id),
    datasetVersionId: uuid('dataset_version_id')
      .notNull()
      .references(() => datasetVersions.id),
    target: text('target').notNull(),
    /** The input columns; null until the run has read the data (default: all but the target). */
    features: jsonb('features').$type<string[]>(),
    task: text('task', { enum: ['binary', 'multiclass', 'regression'] }),
    algorithm: text('algorithm').notNull(),
    params: jsonb('params').$type<Record<string, number | string | boolean | number[]>>().notNull(),
    testFraction: doublePrecision('test_fraction').notNull(),
    seed: integer('seed').notNull(),
    fairnessColumn: text('fairness_column'),
    tags: jsonb('tags').$type<Record<string, string>>().notNull().default({}),
    notes: text('notes').notNull().default(''),
    /** Final metrics on the held-out rows (filterable: `metrics.accuracy > 0.9`). */
    metrics: jsonb('metrics').$type<Record<string, number>>().notNull().default({}),
    progress: jsonb('progress'),
    estimate: jsonb('estimate'),
    engineVersion: text('engine_version').notNull(),
    /** `sweep`: a hyperparameter search whose trials are `train` runs with this as parent. */
    kind: text('kind', { enum: ['train', 'sweep'] })
      .notNull()
      .default('train'),
    /** A sweep's request and its study (the engine's JSON state): everything `advance` needs. */
    sweep: jsonb('sweep'),
    /** A finished sweep's best trial. */
    bestRunId: uuid('best_run_id'),
    // A sweep's trials go with it.
    parentRunId: uuid('parent_run_id').references((): AnyPgColumn => runs.id, {
      onDelete: 'cascade',
    }),
    /** A trial's number in its sweep's study. */
    trialNumber: integer('trial_number'),
    /** The step at which the sweep's pruner stopped this trial. */
    prunedAtStep: integer('pruned_at_step'),
    jobId: uuid('job_id').references(() => jobs.id, { onDelete: 'set null' }),
    /** What the user asked of the running job: it stops at the next iteration and records this. */
    stopRequest: text('stop_request', { enum: ['pause', 'cancel'] }),
    /** The last checkpoint's iteration (its JSON is the `checkpoint.json` artifact). */
    checkpointIteration: integer('checkpoint_iteration'),
    error: text('error'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Compute time across every attempt and resume, in milliseconds. */
    durationMs: bigint('duration_ms', { mode: 'number' }),
    /** `playground`: trained in a browser and imported finished, with its data uploaded. */
    source: text('source', { enum: ['studio', 'playground'] })
      .notNull()
      .default('studio'),
  },
  (t) => [
    index('runs_project_idx').on(t.projectId, t.id),
    index('runs_experiment_idx').on(t.experimentId, t.id),
    index('runs_dataset_version_idx').on(t.datasetVersionId),
    // One run per trial: an `advance` that runs twice cannot start a trial twice.
    uniqueIndex('runs_parent_trial_key').on(t.parentRunId, t.trialNumber),
  ],
);

/** Metrics per step (train and validation loss per iteration), append-only. */
export const runMetrics = pgTable(
  'run_metrics',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    step: integer('step').notNull(),
    value: doublePrecision('value').notNull(),
    at: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.name, t.step] })],
);

/** The ordered event log of a run that its SSE stream replays from `Last-Event-ID`. */
export const runEvents = pgTable(
  'run_events',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    data: jsonb('data').notNull(),
    at: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/** Files a run produced (model JSON, ONNX, evaluation, checkpoint), kept in blob storage. */
export const runArtifacts = pgTable(
  'run_artifacts',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.name] })],
);

/** A registered model of a project: a named line of versions that aliases point into. */
export const registeredModels = pgTable(
  'registered_models',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    tags: jsonb('tags').$type<Record<string, string>>().notNull().default({}),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('registered_models_project_idx').on(t.projectId, t.id),
    uniqueIndex('registered_models_project_name_key').on(t.projectId, sql`lower(${t.name})`),
  ],
);

export const MODEL_VERSION_STATUSES = ['pending', 'ready', 'failed'] as const;

/**
 * One immutable version of a registered model: its files are copied from the run (or uploaded),
 * so deleting the run later changes nothing here. Only description, tags and card are editable.
 */
export const modelVersions = pgTable(
  'model_versions',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    modelId: uuid('model_id')
      .notNull()
      .references(() => registeredModels.id, { onDelete: 'cascade' }),
    /** 1, 2, 3… per model. */
    number: integer('number').notNull(),
    status: text('status', { enum: MODEL_VERSION_STATUSES }).notNull().default('pending'),
    source: text('source', { enum: ['run', 'onnx'] }).notNull(),
    // A run deleted later leaves the version (and its lineage record) intact.
    runId: uuid('run_id').references(() => runs.id, { onDelete: 'set null' }),
    task: text('task', { enum: ['binary', 'multiclass', 'regression'] }),
    algorithm: text('algorithm'),
    target: text('target'),
    metrics: jsonb('metrics').$type<Record<string, number>>().notNull().default({}),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    /** The raw columns the model reads: name, kind and (ONNX) element type. */
    inputSchema: jsonb('input_schema').notNull(),
    engineVersion: text('engine_version'),
    /** The licence inherited from the training data (the strictest of them), with its duties. */
    license: jsonb('license').notNull(),
    /** An org admin's recorded decision to allow export/deployment despite the licence. */
    licenseOverride: jsonb('license_override'),
    description: text('description').notNull().default(''),
    tags: jsonb('tags').$type<Record<string, string>>().notNull().default({}),
    /** The model card: Markdown with Hugging-Face-compatible YAML front matter. */
    card: text('card').notNull().default(''),
    cardUpdatedAt: timestamp('card_updated_at', { withTimezone: true }),
    error: text('error'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('model_versions_number_key').on(t.modelId, t.number),
    index('model_versions_run_idx').on(t.runId),
  ],
);

/** The dataset versions a model version was trained on (lineage that outlives the run). */
export const modelVersionDatasets = pgTable(
  'model_version_datasets',
  {
    modelVersionId: uuid('model_version_id')
      .notNull()
      .references(() => modelVersions.id, { onDelete: 'cascade' }),
    datasetVersionId: uuid('dataset_version_id').notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.modelVersionId, t.datasetVersionId] }),
    index('model_version_datasets_dataset_idx').on(t.datasetVersionId),
  ],
);

/** A model version's files (model.json, model.onnx, evaluation.json), under its own keys. */
export const modelVersionArtifacts = pgTable(
  'model_version_artifacts',
  {
    modelVersionId: uuid('model_version_id')
      .notNull()
      .references(() => modelVersions.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.modelVersionId, t.name] })],
);

/** Where each alias of a model points now (`champion` → version 3). */
export const modelAliases = pgTable(
  'model_aliases',
  {
    modelId: uuid('model_id')
      .notNull()
      .references(() => registeredModels.id, { onDelete: 'cascade' }),
    alias: text('alias').notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    modelVersionId: uuid('model_version_id')
      .notNull()
      .references(() => modelVersions.id, { onDelete: 'cascade' }),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.alias] })],
);

/** Append-only: every move and removal of an alias, with who did it and when. */
export const modelAliasEvents = pgTable(
  'model_alias_events',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    modelId: uuid('model_id')
      .notNull()
      .references(() => registeredModels.id, { onDelete: 'cascade' }),
    alias: text('alias').notNull(),
    /** Version numbers, not ids: the history stays readable after a version is deleted. */
    fromVersion: integer('from_version'),
    /** Null when the alias was removed. */
    toVersion: integer('to_version'),
    actorType: text('actor_type', { enum: ['user', 'api_key'] }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    at: createdAt(),
  },
  (t) => [index('model_alias_events_alias_idx').on(t.modelId, t.alias, t.id)],
);

/** One route of a deployment: a pinned model version and its share of the traffic. */
export interface DeploymentRoute {
  modelId: string;
  modelVersionId: string;
  /** The version number the route serves (an alias is resolved when the routes are set). */
  version: number;
  /** What the caller asked for (`3` or `champion`), shown back to them. */
  ref: string;
  /** Percent of requests, 0–100; the routes of a deployment sum to 100. */
  weight: number;
}

/** The shadow version of a deployment: mirrored traffic, logged, never answered with. */
export interface DeploymentShadow {
  modelId: string;
  modelVersionId: string;
  version: number;
  ref: string;
}

/** An online endpoint: a traffic split over model versions, with the previous split kept for rollback. */
export const deployments = pgTable(
  'deployments',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    // jsonb, not a join table: a split is read whole on every prediction and replaced whole on change.
    routes: jsonb('routes').$type<DeploymentRoute[]>().notNull(),
    /** The routes before the last change: what rollback restores (null until the first change). */
    previousRoutes: jsonb('previous_routes').$type<DeploymentRoute[]>(),
    /** A version that also scores every request after the answer is sent; never returned. */
    shadow: jsonb('shadow').$type<DeploymentShadow>(),
    /** Share of scored records written to prediction_logs, 0–1. */
    logSampleRate: doublePrecision('log_sample_rate').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('deployments_project_name_key').on(t.projectId, sql`lower(${t.name})`)],
);

/**
 * One scored record (sampled per deployment), with its inputs and output; feedback fills `label`.
 * Written in batches by the monitoring module; drift and performance monitoring read it.
 */
export const predictionLogs = pgTable(
  'prediction_logs',
  {
    /** Per record. */
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    projectId: uuid('project_id').notNull(),
    // The only foreign key: cheap bulk inserts, and deleting a deployment (or its org) clears its log.
    deploymentId: uuid('deployment_id')
      .notNull()
      .references(() => deployments.id, { onDelete: 'cascade' }),
    modelVersionId: uuid('model_version_id').notNull(),
    /** The request's prediction id (shared by the records of one request). */
    predictionId: uuid('prediction_id').notNull(),
    /** Position of the record within its request. */
    recordIndex: integer('record_index').notNull(),
    /** Validated input: field name → value. */
    features: jsonb('features').$type<Record<string, unknown>>().notNull(),
    /** `{label, probabilities}` for classifiers, `{value}` for regressors. */
    output: jsonb('output').$type<Record<string, unknown>>().notNull(),
    /** Ground truth from feedback: a class label or a number; null until then. */
    label: jsonb('label'),
    labeledAt: timestamp('labeled_at', { withTimezone: true }),
    latencyMs: doublePrecision('latency_ms').notNull(),
    shadow: boolean('shadow').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('prediction_logs_deployment_time_idx').on(t.deploymentId, t.createdAt),
    index('prediction_logs_prediction_idx').on(t.predictionId),
  ],
);

export const REQUEST_OUTCOMES = ['ok', 'client_error', 'server_error'] as const;

/**
 * Request counts and a latency histogram per minute, deployment, version and outcome. Every replica
 * adds its own counts into the same row, so sums across replicas are exact and sampling-free.
 */
export const deploymentMetricMinutes = pgTable(
  'deployment_metric_minutes',
  {
    deploymentId: uuid('deployment_id')
      .notNull()
      .references(() => deployments.id, { onDelete: 'cascade' }),
    /** Empty string when the request failed before a version was picked. */
    modelVersionId: text('model_version_id').notNull(),
    minute: timestamp('minute', { withTimezone: true }).notNull(),
    outcome: text('outcome', { enum: REQUEST_OUTCOMES }).notNull(),
    orgId: uuid('org_id').notNull(),
    requests: bigint('requests', { mode: 'number' }).notNull(),
    latencySumMs: doublePrecision('latency_sum_ms').notNull(),
    /** Counts per latency bucket; bounds fixed in code (monitoring/latency-histogram.ts). */
    latencyBuckets: bigint('latency_buckets', { mode: 'number' }).array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.deploymentId, t.modelVersionId, t.minute, t.outcome] })],
);

/**
 * Recurring work: every process running jobs claims due rows (SKIP LOCKED) and enqueues one job
 * per due time, so N replicas fire each schedule once per interval.
 */
export const schedules = pgTable(
  'schedules',
  {
    id: id(),
    /** The caller's stable name, e.g. `alerts:evaluate:<projectId>`; upserts replace by it. */
    key: text('key').notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    /** The job kind enqueued when due, and its payload. */
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    intervalMs: integer('interval_ms').notNull(),
    nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull().defaultNow(),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('schedules_key_key').on(t.key),
    index('schedules_due_idx')
      .on(t.nextRunAt)
      .where(sql`${t.enabled}`),
    check('schedules_interval_positive', sql`${t.intervalMs} > 0`),
  ],
);

/**
 * A model version applied to a dataset version: the lineage of the dataset version it writes
 * (source data + model version → output). The job row holds progress and outcome.
 */
export const batchScorings = pgTable(
  'batch_scorings',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    // A model deleted later leaves the record (and the output's lineage) intact.
    modelVersionId: uuid('model_version_id').references(() => modelVersions.id, {
      onDelete: 'set null',
    }),
    modelId: uuid('model_id').notNull(),
    modelVersion: integer('model_version').notNull(),
    sourceVersionId: uuid('source_version_id')
      .notNull()
      .references(() => datasetVersions.id, { onDelete: 'cascade' }),
    /** The dataset the output goes to, by name: appended to when it exists, created otherwise. */
    outputName: text('output_name').notNull(),
    outputVersionId: uuid('output_version_id').references(() => datasetVersions.id, {
      onDelete: 'set null',
    }),
    rowCount: bigint('row_count', { mode: 'number' }),
    jobId: uuid('job_id').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('batch_scorings_project_idx').on(t.projectId, t.id),
    index('batch_scorings_source_idx').on(t.sourceVersionId),
    index('batch_scorings_output_idx').on(t.outputVersionId),
    index('batch_scorings_model_version_idx').on(t.modelVersionId),
  ],
);

/** A project's subscription of a URL to platform events; its signing secret is stored encrypted. */
export const webhooks = pgTable(
  'webhooks',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: jsonb('events').$type<string[]>().notNull(),
    description: text('description').notNull().default(''),
    /** AES-256-GCM of the signing secret under the server's secret key (HMAC needs it back). */
    secretCiphertext: text('secret_ciphertext').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    disabledReason: text('disabled_reason'),
    /** Deliveries that used up every attempt in a row; reset by a success or re-enabling. */
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhooks_project_idx').on(t.projectId, t.id)],
);

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'retrying', 'succeeded', 'failed'] as const;

/** One event for one webhook, written in the transaction of the change that caused it (outbox). */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').notNull(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('pending'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_deliveries_webhook_idx').on(t.webhookId, t.id)],
);

/** One HTTP attempt of a delivery: what the receiver answered, or why it could not. */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: id(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms').notNull(),
    responseExcerpt: text('response_excerpt'),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('webhook_delivery_attempts_delivery_idx').on(t.deliveryId, t.attempt)],
);

export const ALERT_CHANNEL_KINDS = ['webhook', 'slack', 'email'] as const;

/** Where a project's alerts are sent: a signed webhook, a Slack-compatible webhook, or e-mail. */
export const alertChannels = pgTable(
  'alert_channels',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: ALERT_CHANNEL_KINDS }).notNull(),
    /** webhook and slack: the target URL. */
    url: text('url'),
    /** email: the recipients. */
    recipients: jsonb('recipients').$type<string[]>().notNull().default([]),
    /** webhook: AES-256-GCM of the signing secret (shown once, needed back for the HMAC). */
    secretCiphertext: text('secret_ciphertext'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('alert_channels_project_name_key').on(t.projectId, sql`lower(${t.name})`)],
);

export const ALERT_STATES = ['no_data', 'ok', 'firing', 'resolved'] as const;

/** A condition on one deployment's metric over a window, evaluated every minute. */
export const alertRules = pgTable(
  'alert_rules',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    deploymentId: uuid('deployment_id')
      .notNull()
      .references(() => deployments.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** error_rate | latency_p95 | drift_share | feature_drift | accuracy (contracts' AlertMetric). */
    metric: text('metric').notNull(),
    /** feature_drift: the input feature watched. */
    feature: text('feature'),
    condition: text('condition', { enum: ['>', '>=', '<', '<='] }).notNull(),
    threshold: doublePrecision('threshold').notNull(),
    windowMinutes: integer('window_minutes').notNull(),
    severity: text('severity', { enum: ['info', 'warning', 'critical'] }).notNull(),
    enabled: boolean('enabled').notNull().default(true),
    state: text('state', { enum: ALERT_STATES }).notNull().default('no_data'),
    lastValue: doublePrecision('last_value'),
    lastEvaluatedAt: timestamp('last_evaluated_at', { withTimezone: true }),
    stateChangedAt: timestamp('state_changed_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('alert_rules_project_name_key').on(t.projectId, sql`lower(${t.name})`),
    index('alert_rules_project_idx').on(t.projectId, t.id),
  ],
);

/** The channels a rule notifies. */
export const alertRuleChannels = pgTable(
  'alert_rule_channels',
  {
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => alertChannels.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.ruleId, t.channelId] }),
    index('alert_rule_channels_channel_idx').on(t.channelId),
  ],
);

/** A rule's state changes (append-only): what, when, the value seen, and who (null: the evaluator). */
export const alertEvents = pgTable(
  'alert_events',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').notNull(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    fromState: text('from_state', { enum: ALERT_STATES }).notNull(),
    toState: text('to_state', { enum: ALERT_STATES }).notNull(),
    value: doublePrecision('value'),
    threshold: doublePrecision('threshold').notNull(),
    message: text('message').notNull(),
    triggeredBy: uuid('triggered_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('alert_events_rule_idx').on(t.ruleId, t.id)],
);

export const DRIFT_CHECK_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;

/**
 * One drift check of a deployment: its reference (training data or a chosen dataset version)
 * against a window of logged predictions. The job runs it; `report` holds the per-column results.
 */
export const driftChecks = pgTable(
  'drift_checks',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    deploymentId: uuid('deployment_id')
      .notNull()
      .references(() => deployments.id, { onDelete: 'cascade' }),
    status: text('status', { enum: DRIFT_CHECK_STATUSES }).notNull().default('queued'),
    trigger: text('trigger', { enum: ['manual', 'schedule'] }).notNull(),
    /** The request: window, reference, method, threshold, drift share. */
    options: jsonb('options').$type<Record<string, unknown>>().notNull(),
    /** One check per job: a retried scheduled job finds its check again. */
    jobId: uuid('job_id').notNull(),
    modelVersionId: uuid('model_version_id'),
    referenceDatasetVersionId: uuid('reference_dataset_version_id'),
    windowStart: timestamp('window_start', { withTimezone: true }),
    windowEnd: timestamp('window_end', { withTimezone: true }),
    referenceRows: integer('reference_rows'),
    currentRows: integer('current_rows'),
    /** Drifted / evaluated feature columns; null when no column had enough data. */
    driftShare: doublePrecision('drift_share'),
    datasetDrift: boolean('dataset_drift'),
    /** Per-column method, statistic, threshold, verdict and histograms; prediction drift too. */
    report: jsonb('report').$type<Record<string, unknown>>(),
    error: text('error'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    index('drift_checks_deployment_idx').on(t.deploymentId, t.id),
    uniqueIndex('drift_checks_job_key').on(t.jobId),
  ],
);

/**
 * A resumable (tus) upload in progress: bytes arrive in PATCHes until `receivedBytes` reaches
 * `lengthBytes`; finishing it makes a dataset or version through the ordinary upload path.
 */
export const uploadSessions = pgTable(
  'upload_sessions',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** Set when the upload becomes a new version of this dataset; null for a new dataset. */
    datasetId: uuid('dataset_id').references(() => datasets.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    lengthBytes: bigint('length_bytes', { mode: 'number' }).notNull(),
    receivedBytes: bigint('received_bytes', { mode: 'number' }).notNull().default(0),
    /** The storage adapter's record of the partial blob (temp file, or multipart upload and parts). */
    storageState: jsonb('storage_state').$type<Record<string, unknown>>().notNull(),
    /** A PATCH in progress holds the session until then, so two PATCHes never interleave bytes. */
    busyUntil: timestamp('busy_until', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('upload_sessions_expires_idx').on(t.expiresAt),
    index('upload_sessions_org_idx').on(t.orgId),
  ],
);
