import { toBaseUrl, type WcsContext } from '@wcs/core';
import { z } from 'zod';

/** A number sent as a JSON number or a numeric string (the status doc template quotes some, §6.9). */
const WireNumber = z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/, 'expected a number').transform(Number)]);
const OptionalText = z
  .string()
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? undefined : v));

/** `mgr_url` as a base URL (§1.1). */
export const manageBaseUrl = (ctx: WcsContext): string => toBaseUrl(ctx.config.mgrUrl, ctx.config.useHttps, 'mgr_url');

/**
 * Job-level `code` values (§6.9, §7.2): 0 pending, 1 processing, 3 done, 4 notifying,
 * 5 notification failed, 6 notification succeeded (2 appears in separate notifications: a command failed).
 */
export const JOB_CODE = { pending: 0, processing: 1, failed: 2, done: 3, notifying: 4, notifyFailed: 5, notified: 6 } as const;

/** Item-level `code` values (§6.9): 0 pending, 1 processing, 2 failed, 3 succeeded. */
export const ITEM_CODE = { pending: 0, processing: 1, failed: 2, succeeded: 3 } as const;

/** What every job item reports, fmgr (§6.9) or fops (§7.2). */
export interface JobItem {
  /** The command text as submitted. */
  cmd: string;
  /** See {@link ITEM_CODE}. */
  code: number;
  desc: string;
  /** Failure text, when the command failed. */
  error: string | undefined;
  hash: string | undefined;
  fsize: number | undefined;
  key: string | undefined;
  url: string | undefined;
}

/** One command's outcome in an fmgr job (§6.9). */
export interface FmgrJobItem extends JobItem {
  /** Files unpacked by a fetch with decompression. */
  decompressList: string | undefined;
}

/** Status of an fmgr job: `GET /fmgr/status` (§6.9). */
export interface FmgrJobStatus {
  persistentId: string;
  /** See {@link JOB_CODE}. */
  code: number;
  desc: string;
  separate: number;
  items: FmgrJobItem[];
  requestId: string | undefined;
}

/** One command's outcome in a fops job (§7.2). */
export interface FopsJobItem extends JobItem {
  /** Processing time as reported (unit [U]). */
  costTime: number | undefined;
  duration: number | undefined;
  bitRate: string | undefined;
  resolution: string | undefined;
  /** Per-output details (e.g. HLS segments), passed on as received. */
  detail: Array<Record<string, unknown>>;
}

/** Status of a persistent-processing job: `GET /status/get/prefop` (§7.2). */
export interface FopsJobStatus {
  persistentId: string;
  code: number;
  desc: string;
  separate: number;
  inputKey: string | undefined;
  inputBucket: string | undefined;
  inputFsize: number | undefined;
  items: FopsJobItem[];
  requestId: string | undefined;
}

const ItemBase = {
  cmd: z.string().default(''),
  code: WireNumber,
  desc: z.string().nullish(),
  error: OptionalText,
  hash: OptionalText,
  fsize: WireNumber.nullish(),
  key: OptionalText,
  url: OptionalText,
};

export const FmgrStatusResponseSchema = z
  .object({
    id: z.string(),
    code: WireNumber,
    desc: z.string().nullish(),
    separate: WireNumber.nullish(),
    items: z.array(z.object({ ...ItemBase, decompresslist: OptionalText }).loose()).nullish(),
  })
  .loose();

export const FopsStatusResponseSchema = z
  .object({
    id: z.string(),
    code: WireNumber,
    desc: z.string().nullish(),
    separate: WireNumber.nullish(),
    inputkey: OptionalText,
    inputbucket: OptionalText,
    inputfsize: WireNumber.nullish(),
    items: z
      .array(
        z
          .object({
            ...ItemBase,
            costTime: WireNumber.nullish(),
            duration: WireNumber.nullish(),
            bit_rate: z.union([z.string(), z.number()]).nullish(),
            resolution: OptionalText,
            detail: z.array(z.record(z.string(), z.unknown())).nullish(),
          })
          .loose(),
      )
      .nullish(),
  })
  .loose();

/** The fields every job item shares (fmgr §6.9, fops §7.2), from either wire schema. */
function toJobItem(it: z.output<z.ZodObject<typeof ItemBase>>): JobItem {
  return {
    cmd: it.cmd,
    code: it.code,
    desc: it.desc ?? '',
    error: it.error,
    hash: it.hash,
    fsize: it.fsize ?? undefined,
    key: it.key,
    url: it.url,
  };
}

export function toFmgrStatus(data: z.output<typeof FmgrStatusResponseSchema>, requestId: string | undefined): FmgrJobStatus {
  return {
    persistentId: data.id,
    code: data.code,
    desc: data.desc ?? '',
    separate: data.separate ?? 0,
    items: (data.items ?? []).map((it) => ({
      ...toJobItem(it),
      decompressList: it.decompresslist,
    })),
    requestId,
  };
}

export function toFopsStatus(data: z.output<typeof FopsStatusResponseSchema>, requestId: string | undefined): FopsJobStatus {
  return {
    persistentId: data.id,
    code: data.code,
    desc: data.desc ?? '',
    separate: data.separate ?? 0,
    inputKey: data.inputkey,
    inputBucket: data.inputbucket,
    inputFsize: data.inputfsize ?? undefined,
    items: (data.items ?? []).map((it) => ({
      ...toJobItem(it),
      costTime: it.costTime ?? undefined,
      duration: it.duration ?? undefined,
      bitRate: it.bit_rate === null || it.bit_rate === undefined ? undefined : String(it.bit_rate),
      resolution: it.resolution,
      detail: it.detail ?? [],
    })),
    requestId,
  };
}

/** The persistentId answer of every job-creating call (§6.1, §7.1). */
export const SubmitResponseSchema = z.object({ persistentId: z.string().min(1) }).loose();

/** Result of every job-creating call. */
export interface SubmitJobResult {
  /** Id to poll with `fmgrStatus` / `fopsStatus` / `waitForJob`. */
  persistentId: string;
  requestId: string | undefined;
}
