import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../testing/build-site.fs.ts';
import { heroPicture } from './hero.fs.ts';

describe('a tip\'s hero picture for its card', () => {
  it('is the file the frontmatter names, relative to the tip, with the digest of its bytes', () => {
    const file = join(projectRoot, 'content/tips/images/first-impressions.jpg');
    expect(heroPicture('content/tips/first-impressions.mdx', projectRoot)).toEqual({ file, digest: createHash('sha256').update(readFileSync(file)).digest('hex') });
  });

  it('is absent for a tip without one', () => {
    expect(heroPicture('content/tips/own-it.mdx', projectRoot)).toBeUndefined();
    expect(heroPicture(undefined, projectRoot)).toBeUndefined();
  });
});
