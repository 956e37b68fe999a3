import { WcsInvalidArgumentError } from '@wcs/core';

/**
 * JSON text byte-identical to Python 3 `json.dumps(value)` with default arguments, which is how
 * py3 serialises the put policy before signing it (wcs-api.md §2.1 "Python SDK specifics"):
 *
 * - separators `", "` and `": "`, keys in insertion order (no sorting);
 * - `ensure_ascii=True`: every UTF-16 code unit outside `' '..'~'` is escaped, so non-ASCII
 *   becomes `\uXXXX` (lowercase hex) and astral characters become a surrogate pair, exactly as
 *   CPython's `py_encode_basestring_ascii` does; DEL (0x7f) is escaped too;
 * - the short escapes `\" \\ \n \r \t \b \f`, other control characters as `\u00XX`; `/` is not
 *   escaped;
 * - integers in plain decimal digits. Floats are refused: Python prints them differently from
 *   JavaScript (`1e-07`, `1e+16`, `1.0`) and no policy field is a float.
 *
 * Object properties whose value is `undefined` are skipped (as `JSON.stringify` does).
 */
export function pythonJsonDumps(value: unknown): string {
  return dump(value, '$');
}

function dump(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return pythonString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isInteger(value)) {
        throw new WcsInvalidArgumentError(`${path} must be an integer to be serialised like Python's json.dumps.`);
      }
      // BigInt prints the exact digits Python prints for an int (String(1e21) would be '1e+21').
      return BigInt(value).toString();
    case 'bigint':
      return value.toString();
    case 'object':
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => dump(item, `${path}[${i}]`)).join(', ')}]`;
      }
      return `{${Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${pythonString(k)}: ${dump(v, `${path}.${k}`)}`)
        .join(', ')}}`;
    default:
      throw new WcsInvalidArgumentError(`${path} cannot be serialised as JSON (${typeof value}).`);
  }
}

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  0x22: '\\"',
  0x5c: '\\\\',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x08: '\\b',
  0x0c: '\\f',
};

function pythonString(text: string): string {
  let out = '"';
  // Iterating code units (not code points) yields the surrogate pair for astral characters,
  // which is what Python emits; a lone surrogate is escaped the same way in both.
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const short = SHORT_ESCAPES[unit];
    if (short !== undefined) out += short;
    else if (unit >= 0x20 && unit <= 0x7e) out += text[i];
    else out += `\\u${unit.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}
