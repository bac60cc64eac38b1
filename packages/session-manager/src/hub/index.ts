export * from './hub-link.js';
