export * from './launch-supervisor.js';
export * from './wrap-command.js';
