import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOpenApi } from '../src/openapi.js';

const target = join(import.meta.dirname, '..', 'openapi', 'openapi.json');
writeFileSync(target, await generateOpenApi());
console.log(`wrote ${target}`);
