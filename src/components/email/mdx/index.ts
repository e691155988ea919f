/**
 * Email renderings of the editor components: same names and props as ../../mdx/index.ts, and
 * `img` for Markdown images (the site keeps Astro's own, optimised WebP with lazy loading).
 */
import Dialogue from './Dialogue.astro';
import MarkdownImage from './MarkdownImage.astro';
import Line from './Line.astro';
import Quiz from './Quiz.astro';
import Takeaway from './Takeaway.astro';
import TipsList from './TipsList.astro';

export const emailMdxComponents = { Takeaway, Dialogue, Line, Quiz, TipsList, img: MarkdownImage };
