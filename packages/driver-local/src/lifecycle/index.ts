export * from './launch-supervisor.js';
export * from './privileges.js';
export * from './wrap-command.js';
