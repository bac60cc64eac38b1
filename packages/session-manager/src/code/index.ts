export * from './code-file.js';
export * from './code-request.js';
export * from './code-result.js';
export * from './languages.js';
export * from './transpile-typescript.js';
