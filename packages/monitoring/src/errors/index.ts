export * from './webhook-delivery-error.js';
