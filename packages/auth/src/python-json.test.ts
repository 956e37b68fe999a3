// Expected strings are derived by hand from CPython's json.dumps rules (ensure_ascii=True,
// separators (', ', ': ')), not produced by the code under test.
import { describe, expect, it } from '@jest/globals';
import { WcsInvalidArgumentError } from '@wcs/core';
import { serializePolicyPython } from './put-policy.js';
import { pythonJsonDumps } from './python-json.js';

describe('serializePolicyPython (Python json.dumps defaults)', () => {
  it('uses ", " and ": " separators and keeps insertion order', () => {
    expect(serializePolicyPython({ deadline: 1700000000000, scope: 'b', overwrite: 1 })).toBe(
      '{"deadline": 1700000000000, "scope": "b", "overwrite": 1}',
    );
    expect(serializePolicyPython({ scope: 'b', overwrite: 1, deadline: 1700000000000 })).toBe(
      '{"scope": "b", "overwrite": 1, "deadline": 1700000000000}',
    );
  });

  it('escapes CJK as \\uXXXX (lowercase hex) and astral characters as a surrogate pair', () => {
    // 网 U+7F51, 宿 U+5BBF, 云 U+4E91, 存 U+5B58, 储 U+50A8; 😀 U+1F600 = D83D DE00.
    expect(serializePolicyPython({ scope: '网宿:云存储/😀.txt', deadline: 1700000000000 })).toBe(
      '{"scope": "\\u7f51\\u5bbf:\\u4e91\\u5b58\\u50a8/\\ud83d\\ude00.txt", "deadline": 1700000000000}',
    );
  });

  it('escapes Latin-1 and DEL too (everything outside " ".."~")', () => {
    expect(serializePolicyPython({ scope: 'b:é\u007f~ ' })).toBe('{"scope": "b:\\u00e9\\u007f~ "}');
  });

  it('uses the short escapes for " \\ \\n \\r \\t \\b \\f, \\u00XX for other controls, and leaves "/" alone', () => {
    const returnBody = 'a"b\\c\nd\re\tf\bg\fh/i\u0001\u001f\u0000';
    expect(serializePolicyPython({ scope: 'b:k', returnBody })).toBe(
      '{"scope": "b:k", "returnBody": "a\\"b\\\\c\\nd\\re\\tf\\bg\\fh/i\\u0001\\u001f\\u0000"}',
    );
  });

  it('writes integers plainly, a string deadline as a string, and skips undefined fields', () => {
    expect(serializePolicyPython({ scope: 'b', fsizeLimit: 0, saveKey: undefined, deadline: '1700000000000' })).toBe(
      '{"scope": "b", "fsizeLimit": 0, "deadline": "1700000000000"}',
    );
  });
});

describe('pythonJsonDumps', () => {
  it('handles nested values like Python', () => {
    expect(pythonJsonDumps({ a: [1, true, null, 'x'], b: {}, c: [] })).toBe('{"a": [1, true, null, "x"], "b": {}, "c": []}');
    // Python prints the exact digits of an int; String(1e21) would give "1e+21".
    expect(pythonJsonDumps(1e21)).toBe('1000000000000000000000');
  });

  it('refuses floats and non-JSON values instead of printing them differently from Python', () => {
    expect(() => pythonJsonDumps({ a: 1.5 })).toThrow(WcsInvalidArgumentError);
    expect(() => pythonJsonDumps({ a: Number.NaN })).toThrow(/\$\.a must be an integer/);
    expect(() => pythonJsonDumps({ f: () => 1 })).toThrow(WcsInvalidArgumentError);
  });
});
