/**
 * Aho–Corasick automaton over UTF-16 code units: finds every occurrence of many terms in one pass.
 * Built once per catalogue; `distinctMatches` is the classification hot path.
 * (modern-ahocorasick works on grapheme clusters and measured ~60× slower on this workload.)
 */
export class KeywordAutomaton {
  private readonly goto = new Map<number, number>();
  private readonly rootGoto = new Int32Array(0x10000).fill(0);
  private readonly fail: Int32Array;
  private readonly outputs: ReadonlyArray<readonly number[]>;
  private readonly seenAt: Uint32Array;
  private generation = 0;
  readonly terms: readonly string[];

  constructor(terms: readonly string[]) {
    this.terms = terms;
    const gotoBuild: Array<Map<number, number>> = [new Map()];
    const own: number[][] = [[]];
    terms.forEach((term, termId) => {
      if (term.length === 0) throw new Error(`empty term at index ${termId}`);
      let node = 0;
      for (let i = 0; i < term.length; i++) {
        const c = term.charCodeAt(i);
        let next = gotoBuild[node]!.get(c);
        if (next === undefined) {
          next = gotoBuild.length;
          gotoBuild.push(new Map());
          own.push([]);
          gotoBuild[node]!.set(c, next);
        }
        node = next;
      }
      own[node]!.push(termId);
    });

    const nodeCount = gotoBuild.length;
    this.fail = new Int32Array(nodeCount);
    const outputs: number[][] = own.map((o) => [...o]);
    const queue: number[] = [];
    for (const [c, child] of gotoBuild[0]!) {
      this.rootGoto[c] = child;
      queue.push(child);
    }
    // Breadth-first: a node's failure target is always computed before the node's children.
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head]!;
      for (const [c, child] of gotoBuild[node]!) {
        this.goto.set(node * 0x10000 + c, child);
        let f = this.fail[node]!;
        while (f !== 0 && !gotoBuild[f]!.has(c)) f = this.fail[f]!;
        const target = gotoBuild[f]!.get(c);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        outputs[child] = outputs[child]!.concat(outputs[this.fail[child]!]!);
        queue.push(child);
      }
    }
    this.outputs = outputs;
    this.seenAt = new Uint32Array(terms.length);
  }

  /** Ids of the terms that occur at least once in `text`, each once, in order of first end position. */
  distinctMatches(text: string): number[] {
    const found: number[] = [];
    const generation = this.nextGeneration();
    const seenAt = this.seenAt;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      node = this.step(node, text.charCodeAt(i));
      const out = this.outputs[node]!;
      for (let k = 0; k < out.length; k++) {
        const termId = out[k]!;
        if (seenAt[termId] !== generation) {
          seenAt[termId] = generation;
          found.push(termId);
        }
      }
    }
    return found;
  }

  /** Every occurrence of every term: its id and the index just past its end, in order of end. */
  occurrences(text: string): Array<{ termId: number; end: number }> {
    const found: Array<{ termId: number; end: number }> = [];
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      node = this.step(node, text.charCodeAt(i));
      for (const termId of this.outputs[node]!) found.push({ termId, end: i + 1 });
    }
    return found;
  }

  /** The state after reading code unit `c` in state `node`: goto, following failure links when it has none. */
  private step(node: number, c: number): number {
    for (;;) {
      const next = node === 0 ? this.rootGoto[c]! : this.goto.get(node * 0x10000 + c);
      if (next !== undefined && next !== 0) return next;
      if (node === 0) return 0;
      node = this.fail[node]!;
    }
  }

  private nextGeneration(): number {
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.seenAt.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }
}
