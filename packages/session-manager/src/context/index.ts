export * from './context-registry.js';
export * from './interpreter-context.js';
export * from './node-repl-script.js';
export * from './python-repl-script.js';
export * from './reply-parser.js';
export * from './session-context-info.js';
