import type { FileHandle } from 'node:fs/promises';
import { BLOCK_SIZE_BYTES, WcsIntegrityError, WcsInvalidArgumentError } from '@wcs/core';

/** One block of a multipart upload (wcs-api.md §4.2): `mkblk` with the first chunk, then `bput`s. */
export interface BlockPlan {
  /** 0-based block order (the `<blockOrder>` of mkblk). */
  index: number;
  /** Byte offset of the block in the file. */
  start: number;
  /** Byte length of the block (the `<blockSize>` of mkblk). */
  size: number;
}

/** One chunk read from the file, ready to send. */
export interface BlockChunk {
  block: number;
  /** Offset inside the block: 0 goes by mkblk, anything else by `bput/<ctx>/<offset>`. */
  offset: number;
  data: Buffer;
  /** True for the chunk that completes the block. */
  lastChunk: boolean;
}

/** Sizes after defaults and checks. */
export interface ResolvedPartSizes {
  blockSizeBytes: number;
  chunkSizeBytes: number;
}

/**
 * Checks the block and chunk sizes before any request: a block must be a whole multiple of
 * 4 MiB or the service's etag no longer matches (wcs-api.md §4.2); a chunk larger than a block
 * is cut to the block.
 *
 * @throws WcsInvalidArgumentError for any other size
 */
export function resolvePartSizes(blockSizeBytes: number, chunkSizeBytes: number): ResolvedPartSizes {
  if (!Number.isSafeInteger(blockSizeBytes) || blockSizeBytes <= 0 || blockSizeBytes % BLOCK_SIZE_BYTES !== 0) {
    throw new WcsInvalidArgumentError(`The block size must be a positive multiple of ${BLOCK_SIZE_BYTES} bytes (4 MiB); got ${String(blockSizeBytes)}.`);
  }
  if (!Number.isSafeInteger(chunkSizeBytes) || chunkSizeBytes <= 0) {
    throw new WcsInvalidArgumentError(`The chunk size must be a positive whole number of bytes; got ${String(chunkSizeBytes)}.`);
  }
  return { blockSizeBytes, chunkSizeBytes: Math.min(chunkSizeBytes, blockSizeBytes) };
}

/** Cuts a file of `fileSize` bytes into blocks; only the last may be shorter. An empty file has none. */
export function planBlocks(fileSize: number, blockSizeBytes: number): BlockPlan[] {
  const blocks: BlockPlan[] = [];
  for (let start = 0, index = 0; start < fileSize; start += blockSizeBytes, index++) {
    blocks.push({ index, start, size: Math.min(blockSizeBytes, fileSize - start) });
  }
  return blocks;
}

/** Offsets and lengths of the chunks of one block. */
export function planChunks(blockSize: number, chunkSizeBytes: number): Array<{ offset: number; size: number }> {
  const chunks: Array<{ offset: number; size: number }> = [];
  for (let offset = 0; offset < blockSize; offset += chunkSizeBytes) {
    chunks.push({ offset, size: Math.min(chunkSizeBytes, blockSize - offset) });
  }
  return chunks;
}

/**
 * Reads the chunks of `block` from `fromOffset` on (STYLE item 7: the body as an async generator
 * of parts). Every chunk is read into `buffer` (at least `chunkSizeBytes` long), which the caller
 * must be done with before asking for the next chunk: one buffer per worker keeps memory flat.
 *
 * @throws WcsIntegrityError when the file is shorter than planned (it changed during the upload)
 */
export async function* readBlockChunks(
  file: FileHandle,
  block: BlockPlan,
  fromOffset: number,
  chunkSizeBytes: number,
  buffer: Buffer,
): AsyncGenerator<BlockChunk> {
  for (const chunk of planChunks(block.size, chunkSizeBytes)) {
    if (chunk.offset + chunk.size <= fromOffset) continue;
    const data = buffer.subarray(0, chunk.size);
    await readExactly(file, data, block.start + chunk.offset);
    yield { block: block.index, offset: chunk.offset, data, lastChunk: chunk.offset + chunk.size === block.size };
  }
}

/** Fills `into` from `position`, across short reads. */
export async function readExactly(file: FileHandle, into: Buffer, position: number): Promise<void> {
  let filled = 0;
  while (filled < into.length) {
    const { bytesRead } = await file.read(into, filled, into.length - filled, position + filled);
    if (bytesRead === 0) {
      throw new WcsIntegrityError(
        `The file ended at byte ${position + filled}, before the planned ${position + into.length}: it changed during the upload; upload it again.`,
        { expected: `${position + into.length} bytes`, actual: `${position + filled} bytes` },
      );
    }
    filled += bytesRead;
  }
}
