/** Reading documents: the model of blocks, the one force finder and the one date finder. */
export * from './model.js';
export * from './force-finder.js';
export * from './date-finder.js';
