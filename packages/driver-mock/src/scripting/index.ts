export * from './exec-script.js';
export * from './image-behaviour.js';
