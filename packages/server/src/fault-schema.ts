import { z } from 'zod';
import type { FaultOptions, ServerEndpoint } from './types.js';

/** Every endpoint name, at run time (fault rules name them; the request log reports them). */
export const SERVER_ENDPOINTS = [
  'upload', 'mkblk', 'bput', 'mkfile', 'append',
  'bucketList', 'bucketStat', 'bucketStatistics',
  'list', 'stat', 'delete', 'move', 'copy', 'setdeadline',
  'fmgr', 'fmgrStatus', 'fops', 'fopsStatus', 'wslive', 'download',
] as const satisfies readonly ServerEndpoint[];

// Fails to compile when ServerEndpoint gains a name the list above lacks.
const allEndpointsListed: ServerEndpoint extends (typeof SERVER_ENDPOINTS)[number] ? true : never = true;
void allEndpointsListed;

const count = z.number().int().nonnegative();

/** `FaultRule`, checked: unknown members are refused so a misspelt field is not silently ignored. */
const faultRuleSchema = z.strictObject({
  endpoint: z.enum([...SERVER_ENDPOINTS, '*']),
  fraction: z.number().min(0).max(1).optional(),
  status: z.union([z.literal(500), z.literal(503), z.literal(408), z.literal(429)]).optional(),
  resetAfterBytes: count.optional(),
  latencyMs: count.optional(),
  times: count.optional(),
});

/** `FaultOptions` as JSON: the `--faults FILE` contents and the `PUT /_wcs/faults` body. */
export const faultOptionsSchema = z.strictObject({
  seed: z.number().int().optional(),
  rules: z.array(faultRuleSchema).optional(),
});

/** `rules[0].status`-style path of an issue. */
function issuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out === '' ? '' : '.'}${String(p)}`;
  return out === '' ? '(top level)' : out;
}

/**
 * Checks parsed JSON against the FaultOptions schema. On failure throws an Error whose message
 * names the field and what is wrong with it, e.g. `rules[0].status: Invalid input: expected 500, 503, 408 or 429`.
 */
export function parseFaultOptions(value: unknown): FaultOptions {
  const r = faultOptionsSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0] as z.core.$ZodIssue;
  if (issue.code === 'unrecognized_keys') throw new Error(`${issuePath([...issue.path, issue.keys[0] as string])}: unknown field`);
  const message = issue.code === 'invalid_union' && issue.path.at(-1) === 'status' ? 'must be 500, 503, 408 or 429' : issue.message;
  throw new Error(`${issuePath(issue.path)}: ${message}`);
}

/** Parses FaultOptions from JSON text (a file or a request body). */
export function parseFaultOptionsJson(text: string): FaultOptions {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON: ${(e as Error).message}`);
  }
  return parseFaultOptions(value);
}
