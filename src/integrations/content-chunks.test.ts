import { describe, expect, it } from 'vitest';
import { chunksPerCollection, contentChunkName } from './content-chunks.ts';

const contentDir = '/srv/totw/content';
const collections = ['tips', 'issues'];

describe('contentChunkName', () => {
  it('puts a collection file, and the modules Astro derives from it, in its collection chunk', () => {
    expect(contentChunkName('/srv/totw/content/tips/greet-by-name.mdx', contentDir, collections)).toBe('content-tips');
    expect(contentChunkName('/srv/totw/content/tips/greet-by-name.mdx?astroPropagatedAssets', contentDir, collections)).toBe('content-tips');
    expect(contentChunkName('/srv/totw/content/issues/012.mdx', contentDir, collections)).toBe('content-issues');
  });

  it('leaves everything else to the bundler', () => {
    expect(contentChunkName('/srv/totw/content/authors/ana.yaml', contentDir, collections)).toBeNull();
    expect(contentChunkName('/srv/totw/src/pages/tips/[slug].astro', contentDir, collections)).toBeNull();
    expect(contentChunkName('/srv/totw/node_modules/some-lib/content/tips/x.js', contentDir, collections)).toBeNull();
    expect(contentChunkName('/srv/totw/content-tips/x.mdx', contentDir, collections)).toBeNull();
    expect(contentChunkName('\0virtual:astro:content', contentDir, collections)).toBeNull();
  });

  it('reads Windows paths too', () => {
    expect(contentChunkName('C:\\totw\\content\\tips\\a.mdx', 'C:\\totw\\content', collections)).toBe('content-tips');
  });
});

describe('chunksPerCollection', () => {
  it('counts each source file once, whatever modules Astro derived from it, and the chunks holding them', () => {
    const perFile = [
      { moduleIds: ['/srv/totw/content/tips/a.mdx'] },
      { moduleIds: ['/srv/totw/content/tips/a.mdx?astroPropagatedAssets'] },
      { moduleIds: ['/srv/totw/content/tips/b.mdx'] },
      { moduleIds: ['/srv/totw/content/tips/b.mdx?astroPropagatedAssets'] },
      { moduleIds: ['/srv/totw/src/pages/index.astro'] },
    ];
    expect(chunksPerCollection(perFile, contentDir, collections)).toEqual(new Map([['content/tips', { files: 2, chunks: 4 }]]));
    const grouped = [{ moduleIds: perFile.flatMap((chunk) => chunk.moduleIds) }];
    expect(chunksPerCollection(grouped, contentDir, collections)).toEqual(new Map([['content/tips', { files: 2, chunks: 1 }]]));
  });
});
