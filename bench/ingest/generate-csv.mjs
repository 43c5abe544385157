// Writes a flights-like CSV of about `megabytes` MB with a seeded generator, streaming (bounded
// memory): ids, dates, carriers and airports (categorical), skewed delays, distances, a boolean
// and a free-text remark. Usage: node bench/ingest/generate-csv.mjs <file> <megabytes>
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const CARRIERS = [
  'AA',
  'DL',
  'UA',
  'WN',
  'B6',
  'AS',
  'NK',
  'F9',
  'G4',
  'HA',
  'SY',
  'MX',
  'XP',
  'QX',
  'OO',
  'YX',
  '9E',
  'MQ',
  'OH',
  'ZW',
];
const WORDS = [
  'late',
  'crew',
  'weather',
  'gate',
  'change',
  'bags',
  'fuel',
  'delay',
  'ok',
  'window',
  'seat',
  'meal',
];

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const airport = (i) =>
  String.fromCharCode(65 + (i % 26), 65 + (((i / 26) | 0) % 26), 65 + ((i * 7) % 26));

export async function generateFlightsCsv(file, megabytes, seed = 7) {
  const random = mulberry32(seed);
  const out = createWriteStream(file);
  const target = megabytes * 1024 * 1024;
  let written = 0;
  let rows = 0;
  const start = Date.UTC(2024, 0, 1);
  out.write('flight_id,date,carrier,origin,dest,dep_delay,arr_delay,distance,cancelled,remark\n');
  while (written < target) {
    let chunk = '';
    for (let i = 0; i < 10_000; i++, rows++) {
      const day = new Date(start + Math.floor(random() * 366) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const delay = Math.floor(-10 + -Math.log(1 - random()) * 25);
      const remark =
        random() < 0.3
          ? ''
          : `${WORDS[(random() * 12) | 0]} ${WORDS[(random() * 12) | 0]} ${(random() * 1000) | 0}`;
      chunk +=
        `${rows + 1},${day},${CARRIERS[(random() * 20) | 0]},${airport((random() * 300) | 0)},${airport((random() * 300) | 0)},` +
        `${delay},${(delay + random() * 20 - 8).toFixed(1)},${100 + ((random() * 2500) | 0)},${random() < 0.02},${remark}\n`;
    }
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { rows, bytes: written };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, megabytes] = process.argv.slice(2);
  console.log(await generateFlightsCsv(file, Number(megabytes)));
}
