export * from './webhook-receiver.js';
