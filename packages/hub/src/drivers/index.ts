export * from './create-driver.js';
