export * from './builtin-context.js';
export * from './builtins.js';
export * from './parse-script.js';
export * from './script-ast.js';
export * from './shell-io.js';
export * from './shell-process.js';
