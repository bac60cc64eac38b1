export * from './code-runner.js';
export * from './code-runners.js';
export * from './runner-protocol.js';
export * from './runner-script.js';
