import { benchImport } from './import.js';

/** `npm run bench`: the performance figures the README quotes. Heavy: not part of `npm test`. */
console.log(`Oversight benchmarks, Node ${process.version}, ${new Date().toISOString()}`);
await benchImport();
