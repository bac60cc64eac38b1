export * from './image-store.js';
export * from './normalize-image-ref.js';
