/** The usage text of `npm run import -- wordpress`, apart from the code so that `--help` loads nothing else. */
export const WORDPRESS_USAGE = `npm run import -- wordpress <export.xml> [--uploads <dir>] [--dry-run]

  <export.xml>   WordPress → Tools → Export → All content
  --uploads      a copy of the old site's wp-content/uploads: pictures are copied next to their tips
  --dry-run      print what would be written, write nothing

Posts become tips (drafts stay drafts), curated digests become archive issues with picks,
authors become content/authors/*.yaml, and old addresses redirect to the new pages. Run it
again after a new export: it updates what it wrote and leaves files an editor changed alone.`;
