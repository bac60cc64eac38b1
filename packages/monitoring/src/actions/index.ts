export * from './alert-sink.js';
export * from './deliver-webhook.js';
export * from './run-alert-action.js';
