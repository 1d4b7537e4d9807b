import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { generateOpenApi } from '../src/openapi.js';

t.test('openapi/openapi.json is what the route schemas generate (run `npm run openapi` after changing a route)', async (t) => {
  const committed = readFileSync(join(import.meta.dirname, '..', 'openapi', 'openapi.json'), 'utf8');
  const generated = await generateOpenApi();
  t.ok(committed === generated, 'openapi/openapi.json is stale: run npm run openapi');
  const doc = JSON.parse(generated);
  t.equal(doc.openapi, '3.1.0');
  t.ok(doc.paths['/api/v1/complaints'].post, 'intake is documented');
  t.ok(doc.components.schemas.Complaint && doc.components.schemas.Error, 'shared schemas are components');
});
