export * from './client.js';
export * from './errors.js';
export { DatabaseInUseError } from './directory-lock.js';
export * from './ids.js';
export * as schema from './schema.js';
