export * from './alert-rule.js';
export * from './rule-episode.js';
export * from './validate-alert-rule.js';
