/** Values for `$(…)` variables (wcs-api.md §4.4). Missing variables render as empty text. */
export type TemplateVars = ReadonlyMap<string, string | number>;

const VAR_RE = /\$\(([^)]*)\)/g;

export function isJsonTemplate(template: string): boolean {
  return template.trimStart().startsWith('{');
}

/**
 * Renders a JSON-looking returnBody: strings are substituted JSON-escaped, numbers raw, so
 * `"fsize": $(fsize)` gives a number and `"key": "$(key)"` a safe string. Undefined if the result
 * is not a JSON object.
 */
export function renderJsonTemplate(template: string, vars: TemplateVars): Record<string, unknown> | undefined {
  const text = template.replace(VAR_RE, (_m, name: string) => {
    const v = vars.get(name);
    if (v === undefined) return '';
    return typeof v === 'number' ? String(v) : JSON.stringify(v).slice(1, -1);
  });
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Renders a query-string template (`key=$(key)&fsize=$(fsize)`). Values are percent-encoded so a
 * key with `&`, `=` or spaces cannot break the pairs; whether WCS encodes them is [U]
 * (wcs-api.md §4.4, §13), and this choice keeps the text parseable with URLSearchParams.
 */
export function renderQueryTemplate(template: string, vars: TemplateVars): string {
  return template.replace(VAR_RE, (_m, name: string) => {
    const v = vars.get(name);
    return v === undefined ? '' : encodeURIComponent(String(v));
  });
}
