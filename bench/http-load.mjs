// HTTP load cases shared by the API, serving and monitoring benches: autocannon drives one URL for
// a fixed time, and the case reports rps, latency percentiles and, given the server's pid, the
// server's CPU time per request (load-independent on a shared machine).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';

// Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux).
const TICKS_PER_S = 100;

/** CPU time (all threads) a process has used so far, in ms; NaN where /proc is missing. */
export function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
  } catch {
    return NaN;
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * One load case: `connections` clients send `method url` (with `body` as JSON when given) for
 * `durationS` seconds. With `serverPid`, adds the server's CPU ms per request and cores used.
 */
export async function measureLoad({
  name,
  url,
  method = 'GET',
  headers = {},
  body,
  connections,
  durationS,
  serverPid,
  log = console.log,
}) {
  const cpuBefore = serverPid ? processCpuMs(serverPid) : NaN;
  const latencies = [];
  const statuses = {};
  const instance = autocannon({
    url,
    method,
    connections,
    duration: durationS,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const summary = {
    case: name,
    requests: latencies.length,
    rps: Math.round(latencies.length / durationS),
    latencyMs: {
      p50: +percentile(latencies, 50).toFixed(2),
      p95: +percentile(latencies, 95).toFixed(2),
      p99: +percentile(latencies, 99).toFixed(2),
      max: +latencies.at(-1).toFixed(2),
    },
    ...(serverPid
      ? serverCpu(processCpuMs(serverPid) - cpuBefore, latencies.length, durationS)
      : {}),
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    loadAverage1m: +os.loadavg()[0].toFixed(2),
  };
  const cpu = serverPid ? `, server CPU ${summary.serverCpuMsPerRequest} ms/request` : '';
  log(
    `${name}: ${summary.rps} rps, p50 ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms${cpu}, load ${summary.loadAverage1m} ${JSON.stringify(statuses)}`,
  );
  return summary;
}

function serverCpu(cpuMs, requests, durationS) {
  return {
    serverCpuMsPerRequest: +(cpuMs / requests).toFixed(4),
    serverCpuCores: +(cpuMs / 1000 / durationS).toFixed(2),
  };
}

/**
 * Runs every case once to warm up (JIT, caches, sessions), then `rounds` times alternating, and
 * returns each case's median round by rps with every round's rps and CPU per request: on a shared
 * machine a neighbour's burst then hits one round of every case rather than all rounds of one.
 */
export async function alternateRounds(cases, rounds) {
  for (const run of Object.values(cases)) await run();
  const results = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(cases)) results[name].push(await run());
  }
  return Object.fromEntries(
    Object.entries(results).map(([name, list]) => [
      name,
      {
        ...[...list].sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)],
        roundsRps: list.map((c) => c.rps),
        roundsServerCpuMsPerRequest: list.map((c) => c.serverCpuMsPerRequest ?? null),
        medianServerCpuMsPerRequest: medianOf(list.map((c) => c.serverCpuMsPerRequest ?? NaN)),
      },
    ]),
  );
}

function medianOf(values) {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : null;
}

/** The machine a bench ran on, with its 1-minute load average (the machine is shared). */
export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage1m: +os.loadavg()[0].toFixed(2),
  };
}
