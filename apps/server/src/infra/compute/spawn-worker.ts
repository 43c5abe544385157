import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts a worker thread running an ES module of this package. Built code runs its `.js` file;
 * under the tests, which run the TypeScript sources, the thread first registers tsx and resolves
 * workspace packages to their sources, so a test exercises the same code it reads.
 */
export function spawnModuleWorker(moduleUrl: URL, resourceLimits?: ResourceLimits): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl, { resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl.href)}); })`;
  return new Worker(bootstrap, {
    eval: true,
    execArgv: ['--conditions=@aistudio/source'],
    resourceLimits,
  });
}

/** The `.js` module beside `from` when running built code, the `.ts` one when running sources. */
export function siblingModule(from: string, baseName: string): URL {
  return new URL(`./${baseName}${from.endsWith('.ts') ? '.ts' : '.js'}`, from);
}
