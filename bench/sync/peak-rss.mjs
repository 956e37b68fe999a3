// Preload (node --import): on exit, writes this process's peak RSS (VmHWM, KiB) and CPU time
// (user + system, ms) to $WCS_PEAK_RSS_FILE as "<KiB> <cpu ms>".
import { readFileSync, writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.WCS_PEAK_RSS_FILE;
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  const usage = process.resourceUsage();
  if (file && hwm) writeFileSync(file, `${hwm} ${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}`);
});
