/** Subject and preheader of an issue's email. Pure. */

/** Longest subject we send: RFC 5322's recommended line length. */
export const MAX_SUBJECT = 78;

export interface SubjectInput {
  publicationTitle: string;
  number: number;
  tipTitle: string;
  tipTakeaway: string;
  subject?: string | undefined;
  preheader?: string | undefined;
}

/** The issue's own subject, or "Tip of the Week #N: <tip title>". */
export function emailSubject({ publicationTitle, number, tipTitle, subject }: SubjectInput): string {
  return subject ?? `${publicationTitle} #${number}: ${tipTitle}`;
}

/** The issue's own preheader, or the tip's takeaway. */
export function emailPreheader({ tipTakeaway, preheader }: SubjectInput): string {
  return preheader ?? tipTakeaway;
}
