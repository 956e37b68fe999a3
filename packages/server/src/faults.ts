import { parseFaultOptions } from './fault-schema.js';
import type { FaultOptions, FaultRule, ServerEndpoint } from './types.js';

/** mulberry32: tiny seeded PRNG so a seed and a request sequence reproduce the same faults. */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the fault rules decided for one request. */
export interface FaultDecision {
  latencyMs: number;
  status?: FaultRule['status'];
  resetAfterBytes?: number;
  /** Human-readable summary for the request log, e.g. `latency:50,status:503`. */
  labels: string[];
}

export class FaultEngine {
  private rules: FaultRule[] = [];
  private hits: number[] = [];
  private random: () => number = createPrng(0);
  private options: FaultOptions = {};

  constructor(options: FaultOptions | undefined) {
    this.set(options ?? {});
  }

  /** Replaces the rules; options that do not fit the schema throw, naming the field, and change nothing. */
  set(input: FaultOptions): void {
    let options: FaultOptions;
    try {
      // The schema of --faults and PUT /_wcs/faults: one set of rules for every way in.
      options = parseFaultOptions(input);
    } catch (e) {
      throw new RangeError(`fault options: ${(e as Error).message}`);
    }
    this.options = structuredClone(options);
    this.rules = [...(options.rules ?? [])];
    this.hits = this.rules.map(() => 0);
    this.random = createPrng(options.seed ?? 0);
  }

  /** The options last set (a copy). */
  current(): FaultOptions {
    return structuredClone(this.options);
  }

  /**
   * Evaluates every rule in order. Each matching rule that still has `times` left draws exactly
   * one PRNG number (so the pattern depends only on seed + request sequence); firing rules add
   * their latency; the first firing `status` and the first firing `resetAfterBytes` win.
   */
  decide(endpoint: ServerEndpoint | 'unknown'): FaultDecision {
    const d: FaultDecision = { latencyMs: 0, labels: [] };
    this.rules.forEach((rule, i) => {
      if (rule.endpoint !== '*' && rule.endpoint !== endpoint) return;
      if (rule.times !== undefined && (this.hits[i] ?? 0) >= rule.times) return;
      if (this.random() >= (rule.fraction ?? 1)) return;
      this.hits[i] = (this.hits[i] ?? 0) + 1;
      if (rule.latencyMs !== undefined && rule.latencyMs > 0) {
        d.latencyMs += rule.latencyMs;
        d.labels.push(`latency:${rule.latencyMs}`);
      }
      if (rule.status !== undefined && d.status === undefined) {
        d.status = rule.status;
        d.labels.push(`status:${rule.status}`);
      }
      if (rule.resetAfterBytes !== undefined && d.resetAfterBytes === undefined) {
        d.resetAfterBytes = rule.resetAfterBytes;
        d.labels.push(`reset:${rule.resetAfterBytes}`);
      }
    });
    return d;
  }
}
