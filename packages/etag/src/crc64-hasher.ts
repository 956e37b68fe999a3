// CRC-64/XZ (wcs-api.md §3.2): ECMA-182 polynomial, reflected, init and xorout all ones.
//
// The register is kept as two unsigned 32-bit halves and updated eight bytes at a time with a
// slicing-by-8 table. BigInt arithmetic per byte would allocate and run ~50x slower, which does
// not do for GiB files; BigInt appears only in the final rendering and in `crc64Combine`, which
// run once per digest or once per 4 MiB block.

/** Reflected ECMA-182 polynomial 0xC96C5795D7870F42, split into halves. */
const POLY_HI = 0xc96c5795;
const POLY_LO = 0xd7870f42;
const POLY = 0xc96c5795d7870f42n;
const MASK_32 = 0xffffffff;

/** Slicing tables: entry `k * 256 + n` is the CRC register contribution of byte n followed by k zero bytes. */
function createTables(): { lo: Uint32Array; hi: Uint32Array } {
  const lo = new Uint32Array(8 * 256);
  const hi = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let l = n;
    let h = 0;
    for (let bit = 0; bit < 8; bit++) {
      const carry = l & 1;
      l = (l >>> 1) | (h << 31);
      h = h >>> 1;
      if (carry) {
        l ^= POLY_LO;
        h ^= POLY_HI;
      }
    }
    lo[n] = l;
    hi[n] = h;
  }
  for (let k = 1; k < 8; k++) {
    for (let n = 0; n < 256; n++) {
      const pl = lo[(k - 1) * 256 + n]!;
      const ph = hi[(k - 1) * 256 + n]!;
      const idx = pl & 0xff;
      lo[k * 256 + n] = lo[idx]! ^ ((pl >>> 8) | (ph << 24));
      hi[k * 256 + n] = hi[idx]! ^ (ph >>> 8);
    }
  }
  return { lo, hi };
}

// Built on first use, as is X2N below: every upload imports this package for the etag, and a
// one-file `wcscmd put` should not pay for CRC tables it never uses (issue 11).
let tables: { lo: Uint32Array; hi: Uint32Array } | undefined;

/**
 * Incremental CRC-64/XZ. Constant memory; `digest()` does not end the computation, so more data
 * may follow.
 *
 * @example
 * ```ts
 * const crc = new Crc64Hasher();
 * crc.update(Buffer.from('hel')).update(Buffer.from('lo'));
 * crc.digest(); // '11177612005948864433'
 * ```
 */
export class Crc64Hasher {
  // Register state (already pre-inverted: the XZ initial value is all ones).
  #lo = MASK_32;
  #hi = MASK_32;

  /** Feeds bytes; returns `this` for chaining. */
  update(chunk: Uint8Array): this {
    tables ??= createTables();
    const L = tables.lo;
    const H = tables.hi;
    let lo = this.#lo;
    let hi = this.#hi;
    const n = chunk.length;
    let i = 0;
    // Non-null assertions below: indices are in range by construction (i + 7 < n; table index < 2048),
    // and this loop is the hot path, so no checks.
    for (const end = n - 7; i < end; i += 8) {
      const a = lo ^ (chunk[i]! | (chunk[i + 1]! << 8) | (chunk[i + 2]! << 16) | (chunk[i + 3]! << 24));
      const b = hi ^ (chunk[i + 4]! | (chunk[i + 5]! << 8) | (chunk[i + 6]! << 16) | (chunk[i + 7]! << 24));
      lo =
        L[1792 + (a & 0xff)]! ^
        L[1536 + ((a >>> 8) & 0xff)]! ^
        L[1280 + ((a >>> 16) & 0xff)]! ^
        L[1024 + (a >>> 24)]! ^
        L[768 + (b & 0xff)]! ^
        L[512 + ((b >>> 8) & 0xff)]! ^
        L[256 + ((b >>> 16) & 0xff)]! ^
        L[b >>> 24]!;
      hi =
        H[1792 + (a & 0xff)]! ^
        H[1536 + ((a >>> 8) & 0xff)]! ^
        H[1280 + ((a >>> 16) & 0xff)]! ^
        H[1024 + (a >>> 24)]! ^
        H[768 + (b & 0xff)]! ^
        H[512 + ((b >>> 8) & 0xff)]! ^
        H[256 + ((b >>> 16) & 0xff)]! ^
        H[b >>> 24]!;
    }
    for (; i < n; i++) {
      const idx = (lo ^ chunk[i]!) & 0xff;
      lo = L[idx]! ^ ((lo >>> 8) | (hi << 24));
      hi = H[idx]! ^ (hi >>> 8);
    }
    this.#lo = lo;
    this.#hi = hi;
    return this;
  }

  /** The CRC so far as an unsigned 64-bit integer. */
  digestBigInt(): bigint {
    return (BigInt((this.#hi ^ MASK_32) >>> 0) << 32n) | BigInt((this.#lo ^ MASK_32) >>> 0);
  }

  /** The CRC so far as an unsigned decimal string, as the Python tool prints it (§3.2). */
  digest(): string {
    return this.digestBigInt().toString();
  }
}

/** Carry-less a·b mod P in reflected representation (zlib's `multmodp`, widened to 64 bits). */
function multModP(a: bigint, b: bigint): bigint {
  let m = 1n << 63n;
  let p = 0n;
  if (a === 0n) return 0n;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1n)) === 0n) break;
    }
    m >>= 1n;
    b = b & 1n ? (b >> 1n) ^ POLY : b >> 1n;
  }
  return p;
}

/** X2N[k] = x^(2^k) mod P; built on first use. */
let X2N: bigint[] | undefined;
function x2n(): bigint[] {
  if (X2N) return X2N;
  const table: bigint[] = [];
  let p = 1n << 62n; // x^1
  table.push(p);
  for (let k = 1; k < 64; k++) {
    p = multModP(p, p);
    table.push(p);
  }
  return (X2N = table);
}

/**
 * The operator that appends `length` bytes' worth of zero bits to a CRC: x^(8·length) mod P.
 * Precompute it once for a fixed block length and pass it to {@link crc64CombineWith}.
 */
export function crc64ShiftOperator(length: number): bigint {
  const powers = x2n();
  let p = 1n << 63n; // x^0
  let n = length;
  let k = 3; // 2^3 bits per byte
  while (n > 0) {
    if (n % 2 === 1) p = multModP(powers[k & 63]!, p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
}

/** CRC of A‖B from CRC(A), CRC(B) and the shift operator for B's length. */
export function crc64CombineWith(operator: bigint, crcA: bigint, crcB: bigint): bigint {
  return multModP(operator, crcA) ^ crcB;
}

/**
 * CRC-64/XZ of the concatenation A‖B given CRC(A), CRC(B) and B's length in bytes. CRCs are
 * linear, so per-block CRCs computed in parallel combine into the whole-file CRC.
 */
export function crc64Combine(crcA: bigint, crcB: bigint, lengthB: number): bigint {
  return crc64CombineWith(crc64ShiftOperator(lengthB), crcA, crcB);
}
