import { bucketStatCommand } from './bucketstat.js';
import { cpCommand } from './cp.js';
import { crc64Command } from './crc64.js';
import { delCommand } from './del.js';
import { deletePrefixCommand } from './delete-prefix.js';
import { fmgrStatusCommand } from './fmgr-status.js';
import { fopsStatusCommand } from './fops-status.js';
import { fopsCommand } from './fops.js';
import { getCommand } from './get.js';
import { listAllCommand } from './listall.js';
import { listBucketCommand } from './listbucket.js';
import { listCommand } from './list.js';
import { multiputCommand } from './multiput.js';
import { mvCommand } from './mv.js';
import { putCommand } from './put.js';
import { setDeadlineCommand } from './setdeadline.js';
import { statCommand } from './stat.js';
import { syncCommand } from './sync.js';

/** Every command, in the order of the Python tool's help (wcs-api.md §11.4). */
export const commands = [
  listCommand,
  listAllCommand,
  listBucketCommand,
  getCommand,
  delCommand,
  mvCommand,
  cpCommand,
  setDeadlineCommand,
  statCommand,
  putCommand,
  multiputCommand,
  deletePrefixCommand,
  fopsCommand,
  fopsStatusCommand,
  fmgrStatusCommand,
  crc64Command,
  bucketStatCommand,
  syncCommand,
] as const;
