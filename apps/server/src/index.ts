export { buildApp, VERSION, type BuildOptions } from './app.js';
export { loadConfig, ConfigError, type Config, type Env } from './config/config.js';
export { serve } from './serve.js';
export { migrate, createUser } from './admin.js';
export { AppError } from './http/errors.js';
export { DatabaseInUseError } from '@aistudio/db';
