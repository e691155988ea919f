/**
 * The components editors may use in any tip without importing them. Pages pass this
 * map to <Content components={…} />; the email rendering passes its own twins.
 */
import Dialogue from './Dialogue.astro';
import Line from './Line.astro';
import Quiz from './Quiz.astro';
import Takeaway from './Takeaway.astro';
import TipsList from './TipsList.astro';

export const mdxComponents = { Takeaway, Dialogue, Line, Quiz, TipsList };
