export * from './common.js';
export * from './roles.js';
export * from './auth.js';
export * from './orgs.js';
export * from './projects.js';
export * from './api-keys.js';
export * from './audit.js';
export * from './datasets.js';
