// Small summaries shared by the training bench's cases.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

export const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Linear-interpolated quantile (q in [0, 1]) of the values. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** The 1-, 5- and 15-minute load averages, rounded: the machine is shared, so every case notes it. */
export const loadAverage = () => loadavg().map((value) => round(value));

/**
 * How far a run's estimate (compute seconds of the training) was from a measured time: by default
 * the run's duration (the job's wall time, reading and evaluation included), or `measuredSeconds`
 * (e.g. the train phase alone): |estimate − measured| / measured.
 */
export function estimateError(run, measuredSeconds = run.durationMs / 1000) {
  if (!run.estimate || !(measuredSeconds > 0)) return null;
  const measured = measuredSeconds;
  return {
    estimateSeconds: round(run.estimate.seconds, 3),
    range: [round(run.estimate.low, 3), round(run.estimate.high, 3)],
    measuredSeconds: round(measured, 3),
    relativeError: round(Math.abs(run.estimate.seconds - measured) / measured, 3),
    inRange: measured >= run.estimate.low && measured <= run.estimate.high,
  };
}

/** Median and p90 relative error, and the share in range, of a group of estimate errors. */
export function summarizeErrors(errors) {
  const present = errors.filter(Boolean);
  const relative = present.map((e) => e.relativeError);
  return {
    runs: present.length,
    medianRelativeError: round(quantile(relative, 0.5), 3),
    p90RelativeError: round(quantile(relative, 0.9), 3),
    inRange: round(present.filter((e) => e.inRange).length / present.length, 3),
  };
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/**
 * CPU seconds (user + system, every thread) a process has used so far, from /proc: on a shared,
 * loaded machine wall time stretches with other work, CPU time much less.
 */
export function processCpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** CPU seconds each thread of a process has used so far, by thread id (from /proc). */
export function threadCpuSeconds(pid) {
  const threads = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      threads.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return threads;
}
