// Preload (node --import): on exit, writes this process's peak RSS (VmHWM, KiB) to $WCS_PEAK_RSS_FILE.
import { readFileSync, writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.WCS_PEAK_RSS_FILE;
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  if (file && hwm) writeFileSync(file, hwm);
});
