import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataImageUrl, imageDataUrl, safeHref } from '../assets/links.js';

test('safeHref allows absolute http, https and mailto only', () => {
  assert.equal(safeHref('https://example.com/a?b=1'), 'https://example.com/a?b=1');
  assert.equal(safeHref(' HTTP://Example.com '), 'http://example.com/');
  assert.equal(safeHref('mailto:ops@example.com'), 'mailto:ops@example.com');
  for (const bad of ['javascript:alert(1)', 'java\tscript:alert(1)', ' JAVASCRIPT:alert(1)', 'vbscript:x', 'data:text/html,<script>x</script>',
    '//evil.example/x', '/v1/sessions', 'relative', 'file:///etc/passwd', '', null, 42]) {
    assert.equal(safeHref(bad), null, String(bad));
  }
});

test('inline images are base64 raster data only', () => {
  assert.equal(imageDataUrl('image/png', 'iVBORw0KGgo='), 'data:image/png;base64,iVBORw0KGgo=');
  assert.equal(imageDataUrl('IMAGE/JPEG', 'AAAA\nBBBB'), 'data:image/jpeg;base64,AAAABBBB');
  assert.equal(imageDataUrl('image/svg+xml', 'PHN2Zz4='), null);
  assert.equal(imageDataUrl('image/png', 'not base64!'), null);
  assert.equal(dataImageUrl('data:image/gif;base64,R0lGOD=='), 'data:image/gif;base64,R0lGOD==');
  assert.equal(dataImageUrl('https://example.com/cat.png'), null);
  assert.equal(dataImageUrl('data:image/svg+xml;base64,PHN2Zz4='), null);
});
