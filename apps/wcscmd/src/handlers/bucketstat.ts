import { WcsInvalidArgumentError } from '@wcs/core';
import type { StorageType } from '@wcs/sdk';
import type { CliDeps } from '../cli-deps.js';
import type { BucketStatArgs } from '../commands/bucketstat.js';
import { EXIT_OK, type ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import { formatLocalDate, formatTable } from '../output.js';
import { clientFor } from './client.js';
import { loadConfigFor, outputFor } from './common.js';

const STORAGE_TYPES = ['Standard', 'InfrequentAccess', 'Archive'];

function checkDate(option: string, value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : undefined;
  if (!m || !d || d.getMonth() !== Number(m[2]) - 1 || d.getDate() !== Number(m[3])) {
    throw new WcsInvalidArgumentError(`${option} must be a date written yyyy-mm-dd, got "${value}".`);
  }
  return value;
}

/** `bucketstat "b1|b2"` (wcs-api.md §5.2): start defaults to yesterday, end to today, both local dates as in py3. */
export async function runBucketStat(args: GlobalArgs & BucketStatArgs, deps: CliDeps): Promise<ExitCode> {
  const buckets = args.buckets.split('|').map((b) => b.trim());
  if (buckets.some((b) => b === '')) throw new WcsInvalidArgumentError(`"${args.buckets}" has an empty bucket name: write "b1|b2".`);
  const today = new Date(deps.now());
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  const startDate = checkDate('--startdate', args.startdate ?? formatLocalDate(yesterday));
  const endDate = checkDate('--enddate', args.enddate ?? formatLocalDate(today));
  if (startDate > endDate) throw new WcsInvalidArgumentError(`--startdate ${startDate} is after --enddate ${endDate}.`);
  const details = (args.islistdetails ?? 'false').toLowerCase();
  if (details !== 'true' && details !== 'false') throw new WcsInvalidArgumentError(`--islistdetails must be true or false, got "${args.islistdetails}".`);
  if (args.storagetype !== undefined && !STORAGE_TYPES.includes(args.storagetype)) {
    throw new WcsInvalidArgumentError(`--storagetype must be one of ${STORAGE_TYPES.join(', ')}, got "${args.storagetype}".`);
  }
  const loaded = loadConfigFor(args, deps, 'manage');
  const result = await (await clientFor(deps, loaded)).bucketStat({
    buckets,
    startDate,
    endDate,
    isListDetails: details === 'true',
    ...(args.storagetype ? { storageType: args.storagetype as StorageType } : {}),
    signal: deps.signal,
  });
  const rows = result.buckets.flatMap((b) => (b.detail.length > 0 ? b.detail.map((d) => [b.name, d.date, d.storageMb.toFixed(3)]) : [[b.name, '', '']]));
  outputFor(args, deps).result(formatTable(['BUCKET', 'DATE', 'STORAGE (MB)'], rows, [2]), {
    startDate,
    endDate,
    buckets: result.buckets.map((b) => ({ name: b.name, detail: b.detail.map((d) => ({ data_time: d.date, storage: d.storageMb })) })),
    requestId: result.requestId,
  });
  return EXIT_OK;
}
