export * from './build-session.js';
export * from './choose-session-image.js';
export * from './create-session-options-schema.js';
export * from './session.js';
export * from './session-events.js';
export * from './session-filter.js';
export * from './session-id.js';
export * from './session-labels.js';
