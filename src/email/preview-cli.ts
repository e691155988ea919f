/**
 * `npm run email:preview -- <issue number|latest>`: writes the complete MIME message of
 * an issue, as a sample subscriber would get it, to <EMAIL_DIR>/preview/issue-N.eml.
 * "latest" means what it means to the sender: the newest published issue.
 */
import { UsageError } from '../cli/errors.ts';
import { parseEnv } from '../config/env.ts';
import { site } from '../config/site.ts';
import { issueMessageFactory } from '../sending/issue-message.ts';
import { readEmailBuild } from './contract/build-output.fs.ts';
import { resolveIssue } from './issue-choice.ts';
import { senderIdentity } from './message.ts';
import { SAMPLE_RECIPIENT, writeEml } from './preview.fs.ts';

/** Preview links are signed with a throwaway secret: they open the site's "link does not work" page. */
const PREVIEW_SECRET = 'preview-only-not-a-real-secret-0000000000';

export async function main(argv: string[], envVars: Record<string, string | undefined>, rootDir: string, io: { out: (text: string) => void; now: () => Date }): Promise<number> {
  const env = parseEnv(envVars);
  const build = readEmailBuild(rootDir, env.EMAIL_DIR);
  const wanted = argv[0] ?? 'latest';
  const built = build.manifest.issues.map((e) => e.number);
  if (build.stale && /^#?\d+$/.test(wanted) && !built.includes(Number(wanted.replace('#', '')))) {
    // Most likely an issue written since the last build, as `npm run new -- issue` makes them.
    throw new UsageError(`Issue ${wanted.replace('#', '')} is not in the last build (built: ${built.join(', ') || 'none'}), and content/ has changed since: run \`npm run build\` first, then \`npm run email:preview -- ${wanted.replace('#', '')}\` again.`);
  }
  const choice = resolveIssue(wanted, build.manifest.issues, io.now());
  if (choice.kind !== 'issue') return 0; // only "due" can say nothing is due, and it is not offered here
  const { entry } = choice;
  if (build.stale) io.out('Note: content/ changed since the last build; run `npm run build` to preview the latest text.\n');
  const sender = senderIdentity(env, { title: build.manifest.publication, editorEmail: site.editor.email }, build.manifest.site);
  const messageFor = issueMessageFactory({ entry, parts: build.parts(entry), sender, secret: PREVIEW_SECRET, runStarted: io.now(), now: io.now });
  const { path, kilobytes } = await writeEml(messageFor(SAMPLE_RECIPIENT), `${build.dir}/preview`, `issue-${entry.number}.eml`);
  io.out(`Wrote ${path} (${kilobytes} KB): issue #${entry.number} (${entry.status}), "${entry.subject}", to ${SAMPLE_RECIPIENT.email}.\n`);
  return 0;
}
