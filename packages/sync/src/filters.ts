import picomatch from 'picomatch';
import { WcsInvalidArgumentError } from '@wcs/core';

export interface FilterRule {
  type: 'include' | 'exclude';
  pattern: string;
}

/**
 * Compiles include/exclude rules, rsync-like: the first rule that matches the relative path
 * decides, and a path that no rule matches is included. A rule matches a file when its glob
 * matches the file's path or one of its parent directories, so naming a directory covers what is
 * in it (`--exclude .git`, `--exclude build/out`). A glob without `/` also matches base names at
 * any depth (`*.tmp` excludes `a/b/x.tmp`); one ending in `/` matches directories only
 * (`node_modules/`); a leading `/` anchors it at the top (it is matched from there anyway). Dot
 * files match like any other.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty or malformed glob (unclosed `[`, `{`, `(`)
 */
export function compileFilters(rules: readonly FilterRule[]): (relPath: string) => boolean {
  const compiled = rules.map((rule) => {
    if (typeof rule.pattern !== 'string' || rule.pattern.trim() === '') {
      throw new WcsInvalidArgumentError(`--${rule.type} needs a glob, e.g. --${rule.type} '*.log'.`);
    }
    const dirOnly = /[^/]\/+$/.test(rule.pattern);
    const glob = rule.pattern.replace(/^\/+(?=.)/, '').replace(/([^/])\/+$/, '$1');
    try {
      const matcher = picomatch(glob, { dot: true, strictBrackets: true, basename: !glob.includes('/') && !rule.pattern.startsWith('/') });
      return { include: rule.type === 'include', matcher, dirOnly };
    } catch (cause) {
      throw new WcsInvalidArgumentError(`invalid --${rule.type} glob "${rule.pattern}": ${(cause as Error).message}.`, { cause });
    }
  });
  if (compiled.length === 0) return () => true;
  return (relPath) => {
    const parts = relPath.split('/');
    const parents = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
    for (const rule of compiled) {
      if ((!rule.dirOnly && rule.matcher(relPath)) || parents.some((dir) => rule.matcher(dir))) return rule.include;
    }
    return true;
  };
}
