import { readFile } from 'node:fs/promises';

export interface CredentialPair {
  accessKey: string;
  secretKey: string;
}

function isPair(v: unknown): v is CredentialPair {
  const o = v as Record<string, unknown>;
  return typeof v === 'object' && v !== null && typeof o.accessKey === 'string' && typeof o.secretKey === 'string' && o.accessKey !== '' && o.secretKey !== '';
}

/**
 * Parses a credentials file: JSON `{"accessKey","secretKey"}` or an array of them, or a
 * `.wcscfg`-style file whose `access_key = …` / `secret_key = …` lines form pairs (one pair per
 * `[section]`; values may be double-quoted, `#` lines are comments).
 */
export function parseCredentialsText(text: string, source: string): CredentialPair[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (e) {
      throw new Error(`${source}: invalid JSON: ${(e as Error).message}`);
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    if (list.length === 0 || !list.every(isPair)) throw new Error(`${source}: expected {"accessKey","secretKey"} or an array of them`);
    return list.map((p) => ({ accessKey: p.accessKey, secretKey: p.secretKey }));
  }
  const pairs: CredentialPair[] = [];
  let ak: string | undefined;
  let sk: string | undefined;
  const flush = (): void => {
    if (ak !== undefined && sk !== undefined && ak !== '' && sk !== '') pairs.push({ accessKey: ak, secretKey: sk });
    ak = undefined;
    sk = undefined;
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      flush();
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const name = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name === 'access_key') {
      if (ak !== undefined) flush();
      ak = value;
    } else if (name === 'secret_key') sk = value;
  }
  flush();
  if (pairs.length === 0) throw new Error(`${source}: no access_key/secret_key pair found`);
  return pairs;
}

export async function readCredentialsFile(path: string): Promise<CredentialPair[]> {
  return parseCredentialsText(await readFile(path, 'utf8'), path);
}
