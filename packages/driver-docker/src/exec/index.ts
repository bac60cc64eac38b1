export * from './docker-exec-session.js';
export * from './kill-script.js';
