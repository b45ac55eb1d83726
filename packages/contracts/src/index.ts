// First: configures zod before any schema below is built.
import './zod-config.js';

export * from './errors.js';
export * from './health.js';
export * from './auth.js';
export * from './definition.js';
export * from './workflows.js';
export * from './publishing.js';
export * from './links.js';
export * from './widgets.js';
export * from './chatkit.js';
export * from './insights.js';
