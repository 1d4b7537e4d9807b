import { join } from 'node:path';
import { loadOfficialCalendar } from '../src/calendar/official.js';
import { loadCatalogues } from '../src/catalogue/registry.js';
import { classify } from '../src/classify/classify.js';
import { decideComplaint } from '../src/routing/decide.js';
import { syntheticComplaint } from './complaints.js';

const rules = join(import.meta.dirname, '..', 'rules');
const compiled = loadCatalogues(rules, ['chongqing']).get('chongqing')!;
const calendar = loadOfficialCalendar(join(rules, 'calendar'));
const texts = Array.from({ length: 1000 }, (_, i) => syntheticComplaint(i));
const average = texts.reduce((n, t) => n + t.length, 0) / texts.length;

function measure(label: string, op: (text: string) => unknown, iterations: number): number {
  for (let i = 0; i < 20_000; i++) op(texts[i % texts.length]!);
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) op(texts[i % texts.length]!);
  const micros = Number(process.hrtime.bigint() - start) / 1000 / iterations;
  console.log(`${label}: ${micros.toFixed(2)} µs/op over ${iterations} ops`);
  return micros;
}

console.log(`catalogue chongqing: ${compiled.catalogue.matters.length} matters, ${compiled.classifier.index.automaton.terms.length} terms; texts of ${average.toFixed(0)} characters`);
const now = new Date('2026-11-18T10:00:00+08:00');
measure('classify + district + routing + deadlines', (text) => decideComplaint(compiled, calendar, { channel: '12345', kind: 'complaint', urgency: 'normal', content: text, receivedAt: now }, now), 100_000);
const micros = measure('classify', (text) => classify(compiled.classifier, text), 200_000);
console.log(`classify: ${micros.toFixed(2)} µs/op, ${Math.round(1e6 / micros)} ops/s`);
