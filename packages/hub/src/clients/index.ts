export * from './client-connection.js';
