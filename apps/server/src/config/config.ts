import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { loadOrCreateSecretKey } from './secret-key.js';

const port = z.coerce.number().int().min(0).max(65535);
const optional = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));
const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((value) => value === 'true' || value === '1');

const EnvSchema = z.object({
  /** TCP port the HTTP server listens on. */
  PORT: port.default(3000),
  /** Interface to bind; 127.0.0.1 keeps the embedded studio private to this machine. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Where embedded mode keeps its database, files and generated secret key. */
  AISTUDIO_DATA_DIR: z.string().min(1).default('./.aistudio'),
  /** PostgreSQL URL; absent means embedded PGlite under the data dir. */
  DATABASE_URL: optional.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  /** Size of the PostgreSQL connection pool per process. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Redis URL; when set: shared rate limits, BullMQ job dispatch, pub/sub live events. */
  REDIS_URL: optional.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  /** Bucket of the S3-compatible object store for dataset and model files; enables S3 storage. */
  S3_BUCKET: optional,
  /** Region of the bucket (any string for MinIO-style stores). */
  S3_REGION: optional,
  /** Endpoint URL for S3-compatible stores other than AWS. */
  S3_ENDPOINT: optional.pipe(z.url().optional()),
  /** Access key id; absent means the default AWS credential chain. */
  S3_ACCESS_KEY_ID: optional,
  /** Secret access key paired with S3_ACCESS_KEY_ID. */
  S3_SECRET_ACCESS_KEY: optional,
  /** Path-style URLs (bucket in the path), as MinIO needs. */
  S3_FORCE_PATH_STYLE: flag,
  /** 32+ character secret for encrypting secrets at rest; generated into the data dir when embedded. */
  AISTUDIO_SECRET_KEY: optional.pipe(z.string().min(32).optional()),
  /** pino level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Public base URL, used in invitation links; defaults to http://HOST:PORT. */
  AISTUDIO_PUBLIC_URL: optional.pipe(z.url().optional()),
  /** Creates the instance owner at start when no user exists yet (headless setup). */
  AISTUDIO_ADMIN_EMAIL: optional.pipe(z.email().optional()),
  /** Password for AISTUDIO_ADMIN_EMAIL. */
  AISTUDIO_ADMIN_PASSWORD: optional,
  /** Requests per minute allowed for one user or API key on the API. */
  RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Requests per minute allowed from one IP on the sign-in, setup and registration routes. */
  RATE_LIMIT_AUTH_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** When set, GET /metrics requires "Authorization: Bearer <this token>". */
  METRICS_TOKEN: optional.pipe(z.string().min(16).optional()),
  /** Largest accepted JSON body, in bytes. */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /** How long one SQL query over datasets may run before it is interrupted, in milliseconds. */
  SQL_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Days a deleted dataset keeps its files before the purge removes them (fractions allowed). */
  DATASET_PURGE_GRACE_DAYS: z.coerce.number().min(0).default(7),
  /** Training threads at once (each run trains in its own worker thread); 0: cores − 1. */
  COMPUTE_THREADS: z.coerce.number().int().min(0).max(256).default(0),
  /** Heap cap of one training thread in MiB: a run beyond it fails alone, the server lives on. */
  COMPUTE_MAX_HEAP_MB: z.coerce.number().int().min(64).default(4096),
  /** How often a running training saves its checkpoint (ms): the most a crash or pause loses. */
  TRAINING_CHECKPOINT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Longest one training may run (ms) before it fails with "timed out"; default 24 hours. */
  TRAINING_TIMEOUT_MS: z.coerce.number().int().min(100).default(86_400_000),
  /** Compute-lane jobs (training, ingest, scoring) running at once in one process; 0: cores − 1. */
  JOB_CONCURRENCY: z.coerce.number().int().min(0).max(256).default(0),
  /** Jobs of one organization running at once across all processes. */
  JOB_ORG_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(2),
  /** Platform-lane jobs (webhooks, alerts, drift checks) running at once in one process. */
  JOB_PLATFORM_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  /** Platform-lane jobs of one organization running at once across all processes. */
  JOB_PLATFORM_ORG_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(4),
  /** A running job whose process stops renewing it for this long (ms) is run again elsewhere. */
  JOB_LEASE_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Redis key prefix of the BullMQ job queue; every process of one studio uses the same. */
  JOB_REDIS_PREFIX: z
    .string()
    .regex(/^[\w.-]{1,64}$/)
    .default('aistudio'),
  /** Largest accepted dataset upload, in bytes (checked while the file streams in). */
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(2 * 1024 ** 3),
  /** Marks the session cookie Secure; turn on behind HTTPS. */
  COOKIE_SECURE: flag,
  /** Proxies whose X-Forwarded-For to trust: a hop count, or their addresses/CIDRs comma-separated. */
  TRUST_PROXY: optional.pipe(z.string().optional()),
  /** Lets webhooks and alert channels call loopback addresses (tests, single-machine setups). */
  WEBHOOKS_ALLOW_LOOPBACK: flag,
  /** How long one webhook delivery attempt may take (connect to last byte), in milliseconds. */
  WEBHOOKS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Attempts of one webhook delivery before it counts as failed (backoff doubles between them). */
  WEBHOOKS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
  /** Failed deliveries in a row after which a webhook is disabled. */
  WEBHOOKS_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  /** SMTP server for alert e-mail (smtp:// or smtps://, credentials in the URL); absent: no e-mail channels. */
  SMTP_URL: optional.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
  /** Sender of alert e-mail, e.g. `AI Studio <alerts@example.com>`. */
  SMTP_FROM: z.string().min(3).max(200).default('AI Studio <aistudio@localhost>'),
  /** How often each project's alert rules are evaluated, in milliseconds. */
  ALERTS_EVALUATION_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
});

export type Env = Record<string, string | undefined>;

/** Every environment variable the server reads (kept in step with .env.example by a test). */
export const ENV_VARIABLES = Object.keys(EnvSchema.shape);

/** The parsed, typed, frozen configuration every module reads; nothing else touches process.env. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  database:
    { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };
  redisUrl: string | null;
  s3: {
    bucket: string;
    region: string | null;
    endpoint: string | null;
    accessKeyId: string | null;
    secretAccessKey: string | null;
    forcePathStyle: boolean;
  } | null;
  secretKey: string;
  admin: { email: string; password: string } | null;
  rateLimits: { apiPerMinute: number; authPerMinute: number };
  bodyLimitBytes: number;
  maxUploadBytes: number;
  sqlTimeoutMs: number;
  datasetPurgeGraceMs: number;
  jobs: {
    concurrency: number;
    orgConcurrency: number;
    /** The platform lane's own limits (webhooks, alerts, drift checks). */
    platform: { concurrency: number; orgConcurrency: number };
    leaseMs: number;
    redisPrefix: string;
  };
  compute: { threads: number | null; maxHeapMb: number; checkpointMs: number; timeoutMs: number };
  metricsToken: string | null;
  cookieSecure: boolean;
  /** false, a number of proxy hops, or proxy addresses/CIDRs (never "any": clients could pick their IP). */
  trustProxy: false | number | string[];
  webhooks: {
    allowLoopback: boolean;
    timeoutMs: number;
    maxAttempts: number;
    disableAfterFailures: number;
  };
  alerts: { evaluationIntervalMs: number; smtp: { url: string; from: string } | null };
}

function parseTrustProxy(value: string | undefined): Config['trustProxy'] {
  if (value === undefined || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true') {
    throw new ConfigError(
      'Invalid configuration:\n  TRUST_PROXY: "true" would let any client choose its own IP; give the number of proxies in front (e.g. 1) or their addresses',
    );
  }
  const entries = value.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    if (!isIP(address ?? '') || (bits !== undefined && !/^\d{1,3}$/.test(bits))) {
      throw new ConfigError(
        `Invalid configuration:\n  TRUST_PROXY: "${entry}" is not an IP address or CIDR; use a hop count or addresses such as 10.0.0.0/8`,
      );
    }
  }
  return entries;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws ConfigError naming every invalid variable. */
export function loadConfig(env: Env): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.AISTUDIO_DATA_DIR);
  if (e.AISTUDIO_ADMIN_EMAIL && !e.AISTUDIO_ADMIN_PASSWORD) {
    throw new ConfigError(
      'Invalid configuration:\n  AISTUDIO_ADMIN_PASSWORD: required when AISTUDIO_ADMIN_EMAIL is set',
    );
  }
  if (!e.S3_BUCKET && (e.S3_ENDPOINT || e.S3_ACCESS_KEY_ID || e.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError(
      'Invalid configuration:\n  S3_BUCKET: required when any other S3_* variable is set',
    );
  }
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError(
      'Invalid configuration:\n  S3_SECRET_ACCESS_KEY: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither',
    );
  }
  if (e.DATABASE_URL && !e.AISTUDIO_SECRET_KEY) {
    // Many servers must share one key, so scale mode cannot generate its own.
    throw new ConfigError(
      'Invalid configuration:\n  AISTUDIO_SECRET_KEY: required when DATABASE_URL is set (generate one with `openssl rand -base64 48`)',
    );
  }
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    publicUrl: (e.AISTUDIO_PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    logLevel: e.LOG_LEVEL,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'db') },
    redisUrl: e.REDIS_URL ?? null,
    s3: e.S3_BUCKET
      ? {
          bucket: e.S3_BUCKET,
          region: e.S3_REGION ?? null,
          endpoint: e.S3_ENDPOINT ?? null,
          accessKeyId: e.S3_ACCESS_KEY_ID ?? null,
          secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? null,
          forcePathStyle: e.S3_FORCE_PATH_STYLE,
        }
      : null,
    secretKey: e.AISTUDIO_SECRET_KEY ?? loadOrCreateSecretKey(dataDir),
    admin: e.AISTUDIO_ADMIN_EMAIL
      ? { email: e.AISTUDIO_ADMIN_EMAIL.toLowerCase(), password: e.AISTUDIO_ADMIN_PASSWORD! }
      : null,
    rateLimits: {
      apiPerMinute: e.RATE_LIMIT_API_PER_MINUTE,
      authPerMinute: e.RATE_LIMIT_AUTH_PER_MINUTE,
    },
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    sqlTimeoutMs: e.SQL_TIMEOUT_MS,
    datasetPurgeGraceMs: Math.round(e.DATASET_PURGE_GRACE_DAYS * 24 * 60 * 60 * 1000),
    jobs: {
      concurrency: e.JOB_CONCURRENCY || Math.max(1, availableParallelism() - 1),
      orgConcurrency: e.JOB_ORG_CONCURRENCY,
      platform: {
        concurrency: e.JOB_PLATFORM_CONCURRENCY,
        orgConcurrency: e.JOB_PLATFORM_ORG_CONCURRENCY,
      },
      leaseMs: e.JOB_LEASE_MS,
      redisPrefix: e.JOB_REDIS_PREFIX,
    },
    compute: {
      threads: e.COMPUTE_THREADS || null,
      maxHeapMb: e.COMPUTE_MAX_HEAP_MB,
      checkpointMs: e.TRAINING_CHECKPOINT_MS,
      timeoutMs: e.TRAINING_TIMEOUT_MS,
    },
    metricsToken: e.METRICS_TOKEN ?? null,
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    webhooks: {
      allowLoopback: e.WEBHOOKS_ALLOW_LOOPBACK,
      timeoutMs: e.WEBHOOKS_TIMEOUT_MS,
      maxAttempts: e.WEBHOOKS_MAX_ATTEMPTS,
      disableAfterFailures: e.WEBHOOKS_DISABLE_AFTER_FAILURES,
    },
    alerts: {
      evaluationIntervalMs: e.ALERTS_EVALUATION_INTERVAL_MS,
      smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM } : null,
    },
  };
  return Object.freeze(config);
}
