export * from './exec-script.js';
export * from './image-behaviour.js';
export * from './mock-scripting.js';
export * from './run-handler.js';
