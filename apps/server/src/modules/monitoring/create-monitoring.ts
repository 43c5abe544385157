import type { Db } from '@aistudio/db';
import type { DeploymentShadow } from '@aistudio/contracts';
import { Counter, type Registry } from 'prom-client';
import type { DeploymentsService } from '../deployments/deployments.service.js';
import type { Scorer } from '../deployments/model-scorer.js';
import { DeploymentMetricsService, type PendingCounts } from './deployment-metrics.service.js';
import { FeedbackService } from './feedback.service.js';
import { MonitoringRepository } from './monitoring.repository.js';
import { PerformanceService } from './performance.service.js';
import { PredictionLogWriter } from './prediction-log-writer.js';
import { ServingMetrics } from './serving-metrics.js';
import { ServingMonitor } from './serving-monitor.js';

// Per-minute rows: a replica adds its counts this often, so a chart lags by at most this much.
const COUNTS_FLUSH_MS = 10_000;

export interface Monitoring {
  /** Handed to ServingService: sees every request. */
  monitor: ServingMonitor;
  metrics: DeploymentMetricsService;
  /** This replica's per-minute counts not yet written; readers that must not lag flush them. */
  counts: PendingCounts;
  feedback: FeedbackService;
  performance: PerformanceService;
  log: PredictionLogWriter;
  close(): Promise<void>;
}

/** Wires the prediction log, per-minute counts and the services reading them. */
export function createMonitoring(options: {
  db: Db;
  deployments: DeploymentsService;
  registry?: Registry;
  scorerFor: (version: DeploymentShadow) => Promise<Scorer>;
  onError: (error: unknown) => void;
}): Monitoring {
  const repo = new MonitoringRepository(options.db);
  const log = new PredictionLogWriter({
    // Embedded PGlite spends ~41-49 µs of CPU per row whatever the batch, on its own thread
    // (bench/monitoring/log-insert-cost.mjs): 5,000-row batches save ~3% per row but hold the
    // database ~200 ms from other statements; 250-row ones cost ~14% more per row.
    flushIntervalMs: 500,
    batchRows: 1000,
    maxBufferedRows: 100_000,
    insert: (rows) => repo.insertPredictionLogs(rows),
    onError: options.onError,
  });
  if (options.registry) exportLogCounters(log, options.registry);
  const servingMetrics = new ServingMetrics(options.registry);
  let writing: Promise<void> = Promise.resolve();
  // Chained: one write at a time, and a reader's flush waits for the one already under way.
  const flushCounts = () => {
    writing = writing.then(async () => {
      const counts = servingMetrics.take();
      if (counts.length === 0) return;
      await repo.addMetricMinutes(counts).catch((error: unknown) => {
        servingMetrics.restore(counts);
        options.onError(error);
      });
    });
    return writing;
  };
  const timer = setInterval(() => void flushCounts(), COUNTS_FLUSH_MS);
  timer.unref();
  return {
    monitor: new ServingMonitor(servingMetrics, log, options.scorerFor, options.onError),
    metrics: new DeploymentMetricsService(options.db, options.deployments, { flush: flushCounts }),
    counts: { flush: flushCounts },
    feedback: new FeedbackService(options.db, options.deployments, log),
    performance: new PerformanceService(options.db, options.deployments, log),
    log,
    async close() {
      clearInterval(timer);
      await log.close();
      await flushCounts();
    },
  };
}

function exportLogCounters(log: PredictionLogWriter, registry: Registry): void {
  new Counter({
    name: 'aistudio_prediction_log_rows_written_total',
    help: 'Prediction-log rows written to the database',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(log.written);
    },
  });
  new Counter({
    name: 'aistudio_prediction_log_rows_dropped_total',
    help: 'Prediction-log rows dropped: buffer full (database slower than traffic) or a failed write',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(log.dropped);
    },
  });
}
