import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { openDatabase, type Database } from '@aistudio/db';
import type { Config } from './config/config.js';
import type { JobQueue } from './infra/queue/job-queue.js';
import { registerAuthentication } from './http/authenticate.js';
import { registerErrorHandler } from './http/error-handler.js';
import { registerMetrics } from './http/metrics.js';
import { registerOpenApi } from './http/openapi.js';
import { responseSerializerCompiler } from './http/response-serializer.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { defaultWebDir, registerWebApp } from './http/web-app.js';
import {
  MemoryOrgReadCache,
  NoOrgReadCache,
  type OrgReadCache,
} from './infra/cache/org-read-cache.js';
import { AuditedTransactions } from './modules/audit/audited-transactions.js';
import { MemoryRateLimiter } from './infra/rate-limit/memory-rate-limiter.js';
import type { RateLimiter } from './infra/rate-limit/rate-limiter.js';
import { RedisRateLimiter } from './infra/rate-limit/redis-rate-limiter.js';
import { RedisOrgReadCache } from './infra/cache/redis-org-read-cache.js';
import { alertsRoutes } from './modules/alerts/alerts.routes.js';
import { AlertChannelsService } from './modules/alerts/alert-channels.service.js';
import {
  ALERT_EVALUATION_JOB,
  ALERT_NOTIFICATION_JOB,
  AlertEvaluationSchedule,
  alertEvaluationHandler,
  alertNotificationHandler,
} from './modules/alerts/alert-evaluation-job.js';
import { AlertEvaluator } from './modules/alerts/alert-evaluator.js';
import { AlertNotifier } from './modules/alerts/alert-notifier.js';
import { AlertRulesService } from './modules/alerts/alert-rules.service.js';
import { ServingAlertMetrics } from './modules/alerts/serving-alert-metrics.js';
import { apiKeysRoutes } from './modules/api-keys/api-keys.routes.js';
import { ApiKeysService } from './modules/api-keys/api-keys.service.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { AuditService } from './modules/audit/audit.service.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { AuthService } from './modules/auth/auth.service.js';
import { LoginThrottle } from './modules/auth/login-throttle.js';
import { createMonitoring } from './modules/monitoring/create-monitoring.js';
import { monitoringRoutes } from './modules/monitoring/monitoring.routes.js';
import { DRIFT_CHECK_JOB, driftCheckJobHandler } from './modules/monitoring/drift-check-job.js';
import { driftChecksRoutes } from './modules/monitoring/drift-checks.routes.js';
import { DriftChecksService } from './modules/monitoring/drift-checks.service.js';
import { healthRoutes } from './modules/health/health.routes.js';
import {
  BATCH_SCORING_JOB,
  batchScoringJobHandler,
} from './modules/batch-scoring/batch-scoring-job.js';
import { batchScoringRoutes } from './modules/batch-scoring/batch-scoring.routes.js';
import { BatchScoringService } from './modules/batch-scoring/batch-scoring.service.js';
import { deploymentsRoutes } from './modules/deployments/deployments.routes.js';
import { DeploymentsService } from './modules/deployments/deployments.service.js';
import { ServingChanges } from './modules/deployments/serving-changes.js';
import { ServingService } from './modules/deployments/serving.service.js';
import { ModelLineageService } from './modules/models/model-lineage.service.js';
import { ModelVersionsService } from './modules/models/model-versions.service.js';
import { modelsRoutes } from './modules/models/models.routes.js';
import { ModelsService } from './modules/models/models.service.js';
import { orgsRoutes } from './modules/orgs/orgs.routes.js';
import { OrgsService } from './modules/orgs/orgs.service.js';
import { datasetsRoutes } from './modules/datasets/datasets.routes.js';
import { jobsRoutes } from './modules/jobs/jobs.routes.js';
import { JobsService } from './modules/jobs/jobs.service.js';
import { sqlRoutes } from './modules/datasets/sql/sql.routes.js';
import { SqlService } from './modules/datasets/sql/sql.service.js';
import { deniedHashesRoutes } from './modules/governance/denied-hashes.routes.js';
import { DeniedHashesService } from './modules/governance/denied-hashes.service.js';
import { reviewsRoutes } from './modules/governance/reviews.routes.js';
import { piiPolicyRoutes } from './modules/governance/pii-policy.routes.js';
import { maskingRoutes } from './modules/datasets/masking.routes.js';
import { MaskingService } from './modules/datasets/masking.service.js';
import {
  DATASET_PURGE_JOB,
  DATASET_PURGE_SWEEP_MS,
  DatasetPurgeSchedule,
  DatasetPurger,
  datasetPurgeHandler,
} from './modules/datasets/dataset-purge.js';
import { PiiPolicyService } from './modules/governance/pii-policy.service.js';
import { ReviewsService } from './modules/governance/reviews.service.js';
import { DatasetsService } from './modules/datasets/datasets.service.js';
import { INGEST_JOB, ingestJobHandler } from './modules/datasets/ingest-job.js';
import { resumableUploadsRoutes } from './modules/datasets/resumable/resumable-uploads.routes.js';
import { ResumableUploadsService } from './modules/datasets/resumable/resumable-uploads.service.js';
import {
  UPLOAD_EXPIRY_JOB,
  UPLOAD_EXPIRY_SWEEP_MS,
  UploadExpirySchedule,
  uploadExpiryHandler,
} from './modules/datasets/resumable/upload-expiry-job.js';
import { validationRoutes } from './modules/datasets/validation.routes.js';
import { ValidationService } from './modules/datasets/validation.service.js';
import { VersionDiffService } from './modules/datasets/version-diff.service.js';
import { VersionSchemaService } from './modules/datasets/version-schema.service.js';
import { versionsRoutes } from './modules/datasets/versions.routes.js';
import { createJobQueue } from './infra/queue/create-job-queue.js';
import { RecurringSchedules } from './infra/schedule/recurring-schedules.js';
import { createBlobStorage } from './infra/storage/create-blob-storage.js';
import { projectsRoutes } from './modules/projects/projects.routes.js';
import { ComputePool } from './infra/compute/compute-pool.js';
import type { EventBus } from './infra/events/event-bus.js';
import { MemoryEventBus } from './infra/events/memory-event-bus.js';
import { RedisEventBus } from './infra/events/redis-event-bus.js';
import { RunEventLog } from './modules/runs/run-events.js';
import { RunImportService } from './modules/runs/run-import.service.js';
import { runsRoutes } from './modules/runs/runs.routes.js';
import { RunsService } from './modules/runs/runs.service.js';
import { SweepCoordinator } from './modules/runs/sweeps/sweep-coordinator.js';
import { sweepsRoutes } from './modules/runs/sweeps/sweeps.routes.js';
import { SweepsService } from './modules/runs/sweeps/sweeps.service.js';
import { TrialPruner } from './modules/runs/sweeps/trial-pruner.js';
import {
  TRAINING_JOB,
  trainingJobHandler,
  warmTrainingThread,
} from './modules/runs/training-job.js';
import { usageRoutes } from './modules/usage/usage.routes.js';
import { UsageService } from './modules/usage/usage.service.js';
import { ProjectsService } from './modules/projects/projects.service.js';
import { webhookDeliveryHandler } from './modules/webhooks/webhook-delivery-job.js';
import { WEBHOOK_DELIVERY_JOB, WebhookEvents } from './modules/webhooks/webhook-events.js';
import { WebhookSecretCipher } from './modules/webhooks/webhook-secret-cipher.js';
import { webhooksRoutes } from './modules/webhooks/webhooks.routes.js';
import { WebhooksService } from './modules/webhooks/webhooks.service.js';

export const VERSION: string = (
  createRequire(import.meta.url)('../package.json') as { version: string }
).version;

export interface BuildOptions {
  /** An already-open database (tests share one); otherwise opened from config. */
  database?: Database;
  /** Where the built SPA lives; defaults to apps/web/dist. */
  webDir?: string;
  /** pino options; false silences logs (tests). */
  logger?: boolean;
  /** How sign-in throttling waits; tests pass a recorder instead of real delays. */
  sleep?: (ms: number) => Promise<void>;
  /** False for an HTTP-only process (`serve --no-worker`): jobs are enqueued, run elsewhere. */
  runJobs?: boolean;
  /** Start the training thread before the first run (serve and worker; tests skip the cost). */
  warmCompute?: boolean;
}

export interface AppServices {
  auth: AuthService;
  database: Database;
  /** Every registered route with its auth mode: the source of the authorization matrix test. */
  routes: { method: string; url: string; auth: 'public' | 'session' | 'any' }[];
  /** Background jobs; tests wait on `jobs.idle()`. */
  jobs: JobQueue;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The one composition root: wires ports to adapters and registers every module explicitly. */
export async function buildApp(
  config: Readonly<Config>,
  options: BuildOptions = {},
): Promise<{ app: FastifyInstance; services: AppServices }> {
  const database =
    options.database ??
    (await openDatabase(
      config.database.kind === 'postgres'
        ? { kind: 'postgres', url: config.database.url, poolSize: config.database.poolSize }
        : { kind: 'pglite', dataDir: config.database.dataDir },
    ));
  if (database.kind === 'pglite') await database.migrate(); // scale mode migrates via `aistudio migrate`
  // Logged through the app's logger once it exists; a limiter outage is an operator's problem, not a 500.
  let logLimiterError = (error: unknown) => console.error('rate limiter', error);
  const limiter: RateLimiter = config.redisUrl
    ? new RedisRateLimiter(config.redisUrl, (error) => logLimiterError(error))
    : new MemoryRateLimiter();

  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    // A hop count trusts that many proxies in front of us, counted from the socket.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    return503OnClosing: true,
  });
  logLimiterError = (error) =>
    app.log.error({ err: error }, 'rate limiter unavailable; not limiting');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  // The API speaks JSON only; other bodies get 415 rather than a confusing validation error.
  app.removeContentTypeParser('text/plain');

  // API routes authenticate by default; pages, assets, docs and probes are public unless they say otherwise.
  const routes: AppServices['routes'] = [];
  app.addHook('onRoute', (route) => {
    if (route.config?.auth === undefined && !route.url.startsWith('/api/v1/')) {
      route.config = { ...route.config, auth: 'public' };
    }
    for (const method of ([] as string[]).concat(route.method)) {
      // Fastify adds a HEAD beside each GET; only a HEAD declared on its own (tus) is a route.
      const impliedHead =
        method === 'HEAD' && routes.some((r) => r.method === 'GET' && r.url === route.url);
      if (!impliedHead) routes.push({ method, url: route.url, auth: route.config?.auth ?? 'any' });
    }
  });

  const db = database.db;
  // Exact cached reads need every write's generation: this process sees them all in embedded
  // mode; with several servers they are kept in Redis.
  const redisCache =
    database.kind === 'postgres' && config.redisUrl
      ? new RedisOrgReadCache(config.redisUrl, `${config.jobs.redisPrefix}:cache:`, (error) =>
          app.log.error({ err: error }, 'org read cache'),
        )
      : null;
  const cache: OrgReadCache =
    database.kind === 'pglite' ? new MemoryOrgReadCache() : (redisCache ?? new NoOrgReadCache());
  const transactions = new AuditedTransactions(db, cache);
  const orgs = new OrgsService(db, transactions, cache, config.publicUrl);
  const auth = new AuthService(
    db,
    transactions,
    new LoginThrottle(limiter, options.sleep),
    VERSION,
  );
  const apiKeys = new ApiKeysService(db, transactions, cache, orgs);
  const projects = new ProjectsService(db, transactions, cache, orgs);
  const audit = new AuditService(db, orgs);
  const storage = await createBlobStorage(config);
  const queue = createJobQueue(db, config, {
    recoverRunning: database.kind === 'pglite',
    runHandlers: options.runJobs ?? true,
    onError: (error) => app.log.error({ err: error }, 'job queue'),
  });
  // Webhooks (and alert channels) call user-given URLs only through the SSRF guard under this policy.
  const outboundPolicy = { allowLoopback: config.webhooks.allowLoopback };
  const webhookCipher = new WebhookSecretCipher(config.secretKey);
  const webhookEvents = new WebhookEvents(queue, {
    maxAttempts: config.webhooks.maxAttempts,
    onError: (error) => app.log.error({ err: error }, 'webhook events'),
  });
  queue.handle(
    WEBHOOK_DELIVERY_JOB,
    webhookDeliveryHandler(db, transactions, webhookCipher, {
      timeoutMs: config.webhooks.timeoutMs,
      disableAfterFailures: config.webhooks.disableAfterFailures,
      policy: outboundPolicy,
    }),
    { lane: 'platform' },
  );
  // Recurring jobs (alert evaluation, drift checks): every process running jobs ticks.
  const schedules = new RecurringSchedules(db, queue, {
    tickMs: 1000,
    onError: (error) => app.log.error({ err: error }, 'schedules'),
  });
  const scratchDir = path.join(config.dataDir, 'tmp', 'ingest');
  await mkdir(scratchDir, { recursive: true });
  const duckdbThreads = Math.max(1, availableParallelism() - 1);
  queue.handle(
    INGEST_JOB,
    ingestJobHandler(
      db,
      transactions,
      storage,
      queue,
      {
        scratchDir,
        duckdb: { memoryLimit: '1GB', threads: duckdbThreads },
        maskingSecret: config.secretKey,
      },
      webhookEvents,
    ),
  );
  const datasetReadDuckdb = {
    memoryLimit: '256MB',
    threads: 1,
    tempDirectory: path.join(config.dataDir, 'tmp', 'duckdb'),
  };
  const datasetPurgeSchedule = new DatasetPurgeSchedule(schedules, DATASET_PURGE_SWEEP_MS);
  const datasets = new DatasetsService(
    db,
    transactions,
    projects,
    storage,
    queue,
    config.maxUploadBytes,
    datasetReadDuckdb,
    datasetPurgeSchedule,
  );
  queue.handle(
    DATASET_PURGE_JOB,
    datasetPurgeHandler(
      new DatasetPurger(db, transactions, storage, config.datasetPurgeGraceMs),
      datasetPurgeSchedule,
    ),
    { lane: 'platform' },
  );

  const bus: EventBus = config.redisUrl
    ? new RedisEventBus(config.redisUrl, `${config.jobs.redisPrefix}:events:`, (error) =>
        app.log.error({ err: error }, 'event bus'),
      )
    : new MemoryEventBus();
  const runEvents = new RunEventLog(db, bus);
  const compute = new ComputePool({
    ...(config.compute.threads ? { size: config.compute.threads } : {}),
    maxHeapMb: config.compute.maxHeapMb,
  });
  const sweepCoordinator = new SweepCoordinator(
    db,
    queue,
    runEvents,
    storage,
    (error) => app.log.error({ err: error }, 'sweeps'),
    config.compute.timeoutMs,
  );
  queue.handle(
    TRAINING_JOB,
    // A trial's end advances its sweep; its progress feeds the sweep's pruner.
    sweepCoordinator.trainingHandler(
      trainingJobHandler(
        db,
        storage,
        compute,
        runEvents,
        {
          duckdb: {
            memoryLimit: '1GB',
            threads: 1,
            tempDirectory: path.join(config.dataDir, 'tmp', 'training'),
          },
          checkpointIntervalMs: config.compute.checkpointMs,
        },
        (error) => app.log.error({ err: error }, 'training'),
        new TrialPruner(db, queue, runEvents),
        webhookEvents,
      ),
    ),
    { timeoutMs: config.compute.timeoutMs },
  );
  if (options.warmCompute && (options.runJobs ?? true)) warmTrainingThread(compute);

  await app.register(fastifyCookie);
  // Upload limits are set per route (datasets/upload.ts); files stream, they are never buffered.
  await app.register(fastifyMultipart);
  registerSecurityHeaders(app);
  const metricsRegistry = registerMetrics(app, config.metricsToken);
  registerAuthentication(app, { auth, apiKeys, limiter, limits: config.rateLimits });
  await registerOpenApi(app, VERSION);
  const pageFallback = await registerWebApp(app, options.webDir ?? defaultWebDir);
  registerErrorHandler(app, pageFallback);

  healthRoutes(app, database);
  authRoutes(app, auth, config.cookieSecure);
  orgsRoutes(app, orgs);
  projectsRoutes(app, projects);
  apiKeysRoutes(app, apiKeys);
  auditRoutes(app, audit);
  datasetsRoutes(app, datasets);
  const uploadExpiry = new UploadExpirySchedule(schedules, UPLOAD_EXPIRY_SWEEP_MS);
  const resumableUploads = new ResumableUploadsService(
    db,
    transactions,
    storage,
    projects,
    datasets,
    uploadExpiry,
    config.maxUploadBytes,
  );
  queue.handle(UPLOAD_EXPIRY_JOB, uploadExpiryHandler(resumableUploads, uploadExpiry), {
    lane: 'platform',
  });
  resumableUploadsRoutes(app, resumableUploads);
  jobsRoutes(app, new JobsService(db, projects));
  const versionDuckdb = {
    memoryLimit: '512MB',
    threads: 1,
    tempDirectory: path.join(config.dataDir, 'tmp', 'versions'),
  };
  validationRoutes(app, new ValidationService(db, transactions, datasets, storage, versionDuckdb));
  versionsRoutes(
    app,
    new VersionSchemaService(db, transactions, datasets, storage, versionDuckdb),
    new VersionDiffService(datasets, storage, versionDuckdb),
  );
  sqlRoutes(
    app,
    new SqlService(
      db,
      projects,
      storage,
      {
        memoryLimit: '512MB',
        threads: duckdbThreads,
        tempDirectory: path.join(config.dataDir, 'tmp', 'sql'),
        maxSpill: '4GB',
        timeoutMs: config.sqlTimeoutMs,
      },
      { transactions, queue, maxBytes: config.maxUploadBytes },
    ),
  );
  const runs = new RunsService(
    db,
    transactions,
    projects,
    storage,
    queue,
    runEvents,
    sweepCoordinator,
  );
  const runImports = new RunImportService(
    db,
    transactions,
    projects,
    runs,
    storage,
    compute,
    runEvents,
    {
      duckdb: {
        memoryLimit: '512MB',
        threads: 1,
        tempDirectory: path.join(config.dataDir, 'tmp', 'training'),
      },
      timeoutMs: Math.min(config.compute.timeoutMs, 120_000),
    },
  );
  runsRoutes(app, runs, runEvents, runImports);
  sweepsRoutes(app, new SweepsService(db, transactions, runs, sweepCoordinator, runEvents));
  const servingChanges = new ServingChanges(bus, (error) =>
    app.log.error({ err: error }, 'serving change notice'),
  );
  await servingChanges.start();
  const models = new ModelsService(
    db,
    transactions,
    projects,
    storage,
    (versionIds) => servingChanges.publish({ type: 'model-versions-deleted', versionIds }),
    webhookEvents,
  );
  const modelVersions = new ModelVersionsService(
    db,
    transactions,
    models,
    orgs,
    storage,
    config.maxUploadBytes,
    webhookEvents,
  );
  modelsRoutes(app, models, modelVersions, new ModelLineageService(db, projects, modelVersions));
  queue.handle(
    BATCH_SCORING_JOB,
    batchScoringJobHandler(db, transactions, storage, queue, {
      scratchDir,
      duckdb: { memoryLimit: '1GB', threads: duckdbThreads },
      rowsPerChunk: 65_536,
    }),
  );
  batchScoringRoutes(app, new BatchScoringService(db, transactions, projects, models, queue));
  const deployments = new DeploymentsService(
    db,
    transactions,
    projects,
    models,
    servingChanges,
    webhookEvents,
  );
  const monitoring = createMonitoring({
    db,
    deployments,
    registry: metricsRegistry,
    scorerFor: (version) => serving.scorerFor(version),
    onError: (error) => app.log.error({ err: error }, 'serving monitoring'),
  });
  const serving = new ServingService(db, deployments, storage, servingChanges, monitoring.monitor);
  deploymentsRoutes(app, deployments, serving);
  monitoringRoutes(app, monitoring);
  queue.handle(
    DRIFT_CHECK_JOB,
    driftCheckJobHandler(
      db,
      storage,
      (route) => serving.scorerFor(route),
      {
        duckdb: {
          memoryLimit: '512MB',
          threads: 1,
          tempDirectory: path.join(config.dataDir, 'tmp', 'drift'),
        },
        referenceMaxRows: 10_000,
        currentMaxRows: 100_000,
        minSamples: 30,
      },
      monitoring.log,
    ),
    { lane: 'platform' },
  );
  // Alert evaluation reads the newest check through driftChecks.latestDriftCheck(deploymentId).
  const driftChecks = new DriftChecksService(db, transactions, deployments, queue, schedules);
  driftChecksRoutes(app, driftChecks);
  // Alerts: each project with rules is evaluated on a schedule; notifications are retried jobs.
  queue.handle(
    ALERT_EVALUATION_JOB,
    alertEvaluationHandler(
      new AlertEvaluator(
        db,
        new ServingAlertMetrics(db, driftChecks, {
          counts: monitoring.counts,
          predictions: monitoring.log,
        }),
        queue,
        webhookEvents,
        config.webhooks.maxAttempts,
      ),
    ),
    { timeoutMs: 300_000, lane: 'platform' },
  );
  const alertNotifier = new AlertNotifier(db, webhookCipher, {
    outbound: outboundPolicy,
    timeoutMs: config.webhooks.timeoutMs,
    smtp: config.alerts.smtp,
  });
  queue.handle(ALERT_NOTIFICATION_JOB, alertNotificationHandler(alertNotifier), {
    timeoutMs: 120_000,
    lane: 'platform',
  });
  alertsRoutes(
    app,
    new AlertRulesService(
      db,
      transactions,
      projects,
      deployments,
      new AlertEvaluationSchedule(schedules, config.alerts.evaluationIntervalMs),
    ),
    new AlertChannelsService(
      db,
      transactions,
      projects,
      webhookCipher,
      outboundPolicy,
      config.alerts.smtp !== null,
      alertNotifier,
    ),
  );
  usageRoutes(app, new UsageService(db, orgs));
  maskingRoutes(
    app,
    new MaskingService(db, transactions, projects, storage, queue, {
      duckdb: datasetReadDuckdb,
      maskingSecret: config.secretKey,
    }),
  );
  reviewsRoutes(
    app,
    new ReviewsService(
      db,
      transactions,
      orgs,
      { storage, duckdb: datasetReadDuckdb },
      webhookEvents,
    ),
  );
  piiPolicyRoutes(app, new PiiPolicyService(db, transactions, orgs));
  webhooksRoutes(
    app,
    new WebhooksService(
      db,
      transactions,
      projects,
      webhookEvents,
      queue,
      webhookCipher,
      outboundPolicy,
    ),
  );
  deniedHashesRoutes(app, new DeniedHashesService(db, transactions));
  queue.start();
  if (options.runJobs ?? true) schedules.start();

  app.addHook('onClose', async () => {
    await monitoring.close();
    await schedules.stop();
    await queue.stop();
    await compute.close();
    await bus.close();
    await storage.close();
    await limiter.close();
    await redisCache?.close();
    if (!options.database) await database.close();
  });
  return { app, services: { auth, database, routes, jobs: queue } };
}
