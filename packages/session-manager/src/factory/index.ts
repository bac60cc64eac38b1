export * from './session-container-spec.js';
export * from './session-factory.js';
