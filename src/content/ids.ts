import { slug } from 'github-slugger';

/** The id Astro's glob loader gives a file in a flat folder: its name without extension, slugified. */
export function entryId(fileName: string): string {
  return slug(fileName.replace(/\.[^.]+$/, ''));
}
