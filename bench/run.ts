import { benchImport } from './import.js';
import { benchWeb } from './web.js';

/** `npm run bench`: the performance figures the README quotes. Heavy: not part of `npm test`. */
console.log(`Oversight benchmarks, Node ${process.version}, ${new Date().toISOString()}`);
const only = process.argv[2];
if (!only || only === 'import') await benchImport();
if (!only || only === 'web') await benchWeb();
