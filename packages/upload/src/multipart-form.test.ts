import { describe, expect, it } from '@jest/globals';
import { createMultipartForm } from './multipart-form.js';

describe('createMultipartForm', () => {
  it('puts the fields first, then the file part header; the tail closes the body', () => {
    const form = createMultipartForm([['token', 't'], ['x:a', '网']], 'dir/a b"c.txt');
    const head = form.head.toString('utf8');
    const b = form.boundary;
    expect(form.contentType).toBe(`multipart/form-data; boundary=${b}`);
    expect(head).toBe(
      `--${b}\r\nContent-Disposition: form-data; name="token"\r\n\r\nt\r\n` +
        `--${b}\r\nContent-Disposition: form-data; name="x:a"\r\n\r\n网\r\n` +
        `--${b}\r\nContent-Disposition: form-data; name="file"; filename="dir/a%20b%22c.txt"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    expect(form.tail.toString()).toBe(`\r\n--${b}--\r\n`);
  });
});
