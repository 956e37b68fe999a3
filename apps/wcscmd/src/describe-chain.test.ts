import { describe, expect, it } from '@jest/globals';
import { reportFailure } from './describe-failure.js';

// --verbose prints the error's stack and its cause chain (describe-failure.test.ts covers the one line).
describe('reportFailure --verbose: the cause chain', () => {
  it('shows a cause that is not an Error as its value, not [object Object]', () => {
    const out: string[] = [];
    const error = new Error('upload failed', { cause: { status: 'odd', detail: 42 } });
    reportFailure(error, { action: 'put wcs://b/k', verbose: true }, { stderr: { write: (t: string) => out.push(t) }, secrets: new Set() });
    const text = out.join('');
    expect(text).toContain("Caused by: { status: 'odd', detail: 42 }");
    expect(text).not.toContain('[object Object]');
  });
});
