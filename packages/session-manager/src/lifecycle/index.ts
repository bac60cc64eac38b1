export * from './owner-id.js';
export * from './wait-until-ready.js';
