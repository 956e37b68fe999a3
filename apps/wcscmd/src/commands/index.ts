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

import type { AnyCommandSpec } from './command-spec.js';

/**
 * The command table: every command, in the order of the Python tool's help (wcs-api.md §11.4).
 * Parsing, argument counts, help and the handler's lazy import all come from these rows.
 */
export const commands: readonly AnyCommandSpec[] = [
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
];
