import { describe, expect, it } from 'vitest';
import { entriesWithoutFile } from './glob-following-renames.ts';

describe('entriesWithoutFile', () => {
  it('names the entries whose recorded file is gone, and leaves entries without a file alone', () => {
    const onDisk = new Set(['content/issues/001.md', 'content/tips/a.mdx']);
    const entries: [string, { filePath?: string }][] = [
      ['001', { filePath: 'content/issues/001.md' }],
      ['002', { filePath: 'content/issues/002.mdx' }],
      ['a', { filePath: 'content/tips/a.mdx' }],
      ['from-a-loader-without-files', {}],
    ];
    expect(entriesWithoutFile(entries, (path) => onDisk.has(path))).toEqual(['002']);
  });
});
