import picomatch from 'picomatch';
import { WcsInvalidArgumentError } from '@wcs/core';

export interface FilterRule {
  type: 'include' | 'exclude';
  pattern: string;
}

/**
 * Compiles include/exclude rules, rsync-like: the first rule whose glob matches the relative
 * path decides, and a path that no rule matches is included. A glob without `/` also matches
 * the base name at any depth (`*.tmp` excludes `a/b/x.tmp`); dot files match like any other.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty or malformed glob (unclosed `[`, `{`, `(`)
 */
export function compileFilters(rules: readonly FilterRule[]): (relPath: string) => boolean {
  const compiled = rules.map((rule) => {
    if (typeof rule.pattern !== 'string' || rule.pattern.trim() === '') {
      throw new WcsInvalidArgumentError(`--${rule.type} needs a glob, e.g. --${rule.type} '*.log'.`);
    }
    try {
      const matcher = picomatch(rule.pattern, { dot: true, strictBrackets: true, basename: !rule.pattern.includes('/') });
      return { include: rule.type === 'include', matcher };
    } catch (cause) {
      throw new WcsInvalidArgumentError(`invalid --${rule.type} glob "${rule.pattern}": ${(cause as Error).message}.`, { cause });
    }
  });
  if (compiled.length === 0) return () => true;
  return (relPath) => {
    for (const rule of compiled) if (rule.matcher(relPath)) return rule.include;
    return true;
  };
}
