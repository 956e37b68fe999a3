import { describe, expect, it } from '@jest/globals';
import { parseConfig, WcsInvalidArgumentError } from '@wcs/core';
import { z } from 'zod';
import { parsePutPolicy, putPolicyFromConfig, serializePolicyPython, type PutPolicy } from './put-policy.js';

const catchError = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
};

describe('parsePutPolicy', () => {
  it('accepts every §2.1 field and keeps the input order', () => {
    const input = {
      lastModifiedTime: '1',
      scope: 'b:k',
      deadline: 1700000000000,
      saveKey: 's',
      fsizeLimit: 10,
      overwrite: 1,
      returnUrl: 'http://r',
      returnBody: 'rb',
      callbackUrl: 'http://c',
      callbackBody: 'cb',
      persistentOps: 'ops',
      persistentNotifyUrl: 'http://n',
      contentDetect: 'cd',
      detectNotifyURL: 'http://d',
      detectNotifyRule: 'dr',
      separate: 0,
      instant: 1,
      hashAlgorithm: 'crc64ecma',
    };
    const parsed = parsePutPolicy(input);
    expect(parsed).toEqual(input);
    expect(Object.keys(parsed)).toEqual(Object.keys(input));
  });

  it('accepts a string deadline and drops undefined fields', () => {
    expect(parsePutPolicy({ scope: 'b', saveKey: undefined, deadline: '1700000000000' })).toEqual({ scope: 'b', deadline: '1700000000000' });
  });

  it.each([
    [{}, /scope is required/],
    [{ scope: '' }, /scope must name a bucket/],
    [{ scope: ':k' }, /scope must name a bucket/],
    [{ scope: 7 }, /scope must be a string/],
    [{ scope: 'b', overwrite: 2 }, /overwrite must be 0 or 1/],
    [{ scope: 'b', overwrite: '1' }, /overwrite must be 0 or 1/],
    [{ scope: 'b', separate: 3 }, /separate must be 0 or 1/],
    [{ scope: 'b', fsizeLimit: -1 }, /fsizeLimit must not be negative/],
    [{ scope: 'b', fsizeLimit: 1.5 }, /fsizeLimit must be a whole number of bytes/],
    [{ scope: 'b', deadline: 1700000000 }, /deadline must be an absolute Unix time in milliseconds/],
    [{ scope: 'b', deadline: '17e11' }, /deadline must be an absolute Unix time in milliseconds/],
    [{ scope: 'b', deadline: true }, /deadline must be an absolute Unix time in milliseconds/],
    [{ scope: 'b', overwirte: 1 }, /unknown field "overwirte"/],
    [{ scope: 'b', detectNotifyUrl: 'x' }, /unknown field "detectNotifyUrl" \(field names are case-sensitive/],
    [null, /must be an object/],
  ])('rejects %j with a typed error naming the field', (input, message) => {
    const error = catchError(() => parsePutPolicy(input));
    expect(error).toBeInstanceOf(WcsInvalidArgumentError);
    expect((error as WcsInvalidArgumentError).code).toBe('ERR_WCS_INVALID_ARGUMENT');
    expect(error.message).toMatch(message);
  });

  it('lists every problem at once and never echoes values', () => {
    const error = catchError(() => parsePutPolicy({ scope: 'b', overwrite: 5, callbackBody: 42, secretish: 'sk-value' }));
    expect(error.message).toMatch(/overwrite/);
    expect(error.message).toMatch(/callbackBody must be a string/);
    expect(error.message).toMatch(/"secretish"/);
    expect(error.message).not.toMatch(/sk-value|42|5/);
  });
});

// The zod schema parsePutPolicy used until its checks were written by hand (issue 11: zod was
// most of `wcscmd put`'s start-up), kept here as the reference the hand-written checks must equal.
const DEADLINE_MESSAGE =
  'must be an absolute Unix time in milliseconds (a whole number or a string of digits, e.g. 1700000000000); pass deadlineSeconds for a relative lifetime';
const isDeadline = (value: number | string): boolean =>
  typeof value === 'string' ? /^\d+$/.test(value) && Number(value) >= 100_000_000_000 : Number.isSafeInteger(value) && value >= 100_000_000_000;
const optionalString = () => z.string({ error: 'must be a string' }).optional();
const zeroOrOne = () => z.literal([0, 1], { error: 'must be 0 or 1' }).optional();
const ReferenceSchema = z.strictObject(
  {
    scope: z
      .string({ error: (issue) => (issue.input === undefined ? 'is required ("<bucket>" or "<bucket>:<key>")' : 'must be a string') })
      .refine((s) => s !== '' && !s.startsWith(':'), { error: 'must name a bucket: "<bucket>" or "<bucket>:<key>"' }),
    deadline: z.union([z.number(), z.string()], { error: DEADLINE_MESSAGE }).refine(isDeadline, { error: DEADLINE_MESSAGE }).optional(),
    saveKey: optionalString(),
    fsizeLimit: z
      .number({ error: 'must be a whole number of bytes' })
      .int({ error: 'must be a whole number of bytes' })
      .min(0, { error: 'must not be negative' })
      .optional(),
    overwrite: zeroOrOne(),
    returnUrl: optionalString(),
    returnBody: optionalString(),
    callbackUrl: optionalString(),
    callbackBody: optionalString(),
    persistentOps: optionalString(),
    persistentNotifyUrl: optionalString(),
    contentDetect: optionalString(),
    detectNotifyURL: optionalString(),
    detectNotifyRule: optionalString(),
    separate: zeroOrOne(),
    instant: z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).optional(),
    hashAlgorithm: optionalString(),
    lastModifiedTime: optionalString(),
  },
  { error: 'the policy must be an object' },
);

// The hand-written type is the type the schema inferred (a compile-time check).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const putPolicyTypeIsTheSchemaType: Same<PutPolicy, z.infer<typeof ReferenceSchema>> = true;
void putPolicyTypeIsTheSchemaType;

/** What the zod-based parsePutPolicy returned or threw (its message), for any input. */
function referenceOutcome(input: unknown): unknown {
  const result = ReferenceSchema.safeParse(input);
  if (!result.success) {
    const text = result.error.issues
      .map((issue) => {
        if (issue.code === 'unrecognized_keys') {
          return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (field names are case-sensitive; see wcs-api.md §2.1)`;
        }
        const field = issue.path.map(String).join('.');
        return field ? `${field} ${issue.message}` : issue.message;
      })
      .join('; ');
    return { error: `Invalid upload policy: ${text}.` };
  }
  const parsed = result.data as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(input as object)) if (parsed[key] !== undefined) ordered[key] = parsed[key];
  return { value: ordered, keys: Object.keys(ordered) };
}

function outcome(input: unknown): unknown {
  try {
    const value = parsePutPolicy(input) as Record<string, unknown>;
    return { value, keys: Object.keys(value) };
  } catch (error) {
    expect(error).toBeInstanceOf(WcsInvalidArgumentError);
    return { error: (error as Error).message };
  }
}

describe('parsePutPolicy equals the zod schema it replaced', () => {
  const FIELDS = Object.keys(ReferenceSchema.shape);
  const VALUES: unknown[] = [
    undefined, null, true, '', 'b', 'b:k', ':k', '1', '17e11', '1700000000000', '99999999999', ' 1700000000000',
    0, -0, 1, 2, -1, 1.5, -1.5, 10, 2 ** 53, 2 ** 60, -(2 ** 60), NaN, Infinity, -Infinity, 1700000000, 1700000000000, 1700000000000.5,
    {}, [], [1], () => 1, Symbol('s'), 10n,
  ];

  it('for every field and value, alone and next to a valid scope', () => {
    for (const field of FIELDS) {
      for (const value of VALUES) {
        for (const input of [{ [field]: value }, { scope: 'b', [field]: value }, { [field]: value, scope: 'b:k' }]) {
          expect(outcome(input)).toEqual(referenceOutcome(input));
        }
      }
    }
  });

  it('for several bad fields and unknown ones at once, in any order', () => {
    const inputs: unknown[] = [
      { zzz: 1, scope: 7, overwrite: 5, aaa: 2 },
      { instant: 1.5, fsizeLimit: -(2 ** 60), deadline: 5, scope: '', callbackBody: 42, Scope: 'b' },
      { scope: 'b', extra: undefined },
      { scope: undefined },
      { scope: 'b', overwrite: undefined, separate: null, saveKey: undefined },
      Object.create({ inherited: 1 }),
      Object.assign(Object.create({ scope: 'b' }), { overwrite: 1 }),
      new Date(0),
      null, [], 'b', 5, undefined, () => ({ scope: 'b' }),
    ];
    for (const input of inputs) expect(outcome(input)).toEqual(referenceOutcome(input));
  });
});

describe('putPolicyFromConfig', () => {
  const full = parseConfig({
    // Deliberately listed in a different order from py3's, to show the output order is py3's.
    hashAlgorithm: 'crc64ecma',
    detectNotifyRule: 'rule',
    detectNotifyUrl: 'http://d',
    contentDetect: 'porn',
    persistentOps: 'avthumb/mp4',
    persistentNotifyUrl: 'http://n',
    callbackBody: 'k=$(key)',
    callbackUrl: 'http://c',
    returnBody: 'rb',
    returnUrl: 'http://r',
    overwrite: 1,
    separate: 1,
    notifyUrl: 'http://fops-notify',
  });

  it('emits scope then the truthy config fields in py3 order (persistentNotifyUrl before persistentOps)', () => {
    const policy = putPolicyFromConfig(full, { bucket: 'mybucket', key: 'a.mp4' });
    expect(Object.keys(policy)).toEqual([
      'scope',
      'overwrite',
      'returnUrl',
      'returnBody',
      'callbackUrl',
      'callbackBody',
      'persistentNotifyUrl',
      'persistentOps',
      'contentDetect',
      'detectNotifyURL',
      'detectNotifyRule',
      'hashAlgorithm',
    ]);
    expect(policy).toMatchObject({ scope: 'mybucket:a.mp4', overwrite: 1, detectNotifyURL: 'http://d' });
    // config.separate and notifyUrl belong to fops/fmgr, not to the upload policy.
    expect(policy).not.toHaveProperty('separate');
  });

  it('omits empty strings and overwrite 0 (Python truthiness); scope is the bucket alone without a key', () => {
    const policy = putPolicyFromConfig(parseConfig({ overwrite: 0, returnBody: '' }), { bucket: 'mybucket' });
    expect(policy).toEqual({ scope: 'mybucket' });
  });

  it('matches the py3 text for U3-like settings (py3 order differs from the U3 example text)', () => {
    const config = parseConfig({
      overwrite: 1,
      returnBody: 'key=$(key)&fsize=$(fsize)&hash=$(hash)',
      persistentOps: 'avthumb/mp4/vb/1m',
      persistentNotifyUrl: 'http://example.com/notify',
    });
    const policy = putPolicyFromConfig(config, { bucket: 'mybucket', key: 'video/a.mp4' }, { deadline: 1700000000000 });
    expect(serializePolicyPython(policy)).toBe(
      '{"scope": "mybucket:video/a.mp4", "overwrite": 1, "returnBody": "key=$(key)&fsize=$(fsize)&hash=$(hash)", "persistentNotifyUrl": "http://example.com/notify", "persistentOps": "avthumb/mp4/vb/1m", "deadline": 1700000000000}',
    );
  });

  it('lets overrides win: in place for config-backed fields, falsy removes, others appended, deadline last', () => {
    const policy = putPolicyFromConfig(full, { bucket: 'b', key: 'k' }, {
      deadline: 1700000000000,
      fsizeLimit: 100,
      returnBody: 'override',
      persistentOps: '',
      overwrite: 0,
      saveKey: 'sk',
    });
    expect(Object.keys(policy)).toEqual([
      'scope',
      'returnUrl',
      'returnBody',
      'callbackUrl',
      'callbackBody',
      'persistentNotifyUrl',
      'contentDetect',
      'detectNotifyURL',
      'detectNotifyRule',
      'hashAlgorithm',
      'fsizeLimit',
      'saveKey',
      'deadline',
    ]);
    expect(policy.returnBody).toBe('override');
  });

  it('takes a scope override and keeps an empty key as "bucket:"', () => {
    const config = parseConfig({});
    expect(putPolicyFromConfig(config, { bucket: 'b', key: 'k' }, { scope: 'other:x' })).toEqual({ scope: 'other:x' });
    expect(putPolicyFromConfig(config, { bucket: 'b', key: '' })).toEqual({ scope: 'b:' });
  });

  it('rejects an empty bucket and bad overrides with typed errors', () => {
    const config = parseConfig({});
    expect(() => putPolicyFromConfig(config, { bucket: '' })).toThrow(WcsInvalidArgumentError);
    expect(() => putPolicyFromConfig(config, { bucket: 'b' }, { overwrite: 2 as 1 })).toThrow(/overwrite must be 0 or 1/);
    expect(() => putPolicyFromConfig(config, { bucket: 'b' }, { bogus: 1 } as object)).toThrow(/unknown field "bogus"/);
  });
});
