/** Email renderings of the editor components: same names and props as ../../mdx/index.ts. */
import Dialogue from './Dialogue.astro';
import Line from './Line.astro';
import Quiz from './Quiz.astro';
import Takeaway from './Takeaway.astro';
import TipsList from './TipsList.astro';

export const emailMdxComponents = { Takeaway, Dialogue, Line, Quiz, TipsList };
