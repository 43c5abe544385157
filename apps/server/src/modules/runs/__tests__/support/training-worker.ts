/** `aistudio worker` as the real entry runs it, configured from the environment; prints `ready`. */
import { loadConfig } from '../../../../config/config.js';
import { runWorker } from '../../../../worker.js';

await runWorker(loadConfig(process.env));
process.stdout.write('ready\n');
