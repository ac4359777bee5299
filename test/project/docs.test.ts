// The repository explains itself: nothing cites material a cloner lacks, and every docs/<file>.md#anchor cited resolves.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** Directories that hold build output or installs, never sources (used only when git is unavailable). */
const UNTRACKED_DIRS = new Set(['.git', 'node_modules', 'dist', 'test-artifacts', 'coverage']);
const BINARY = /\.(png|jpe?g|gif|ico|webp|woff2?|ttf|pdf|zip|gz)$/i;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return UNTRACKED_DIRS.has(entry.name) ? [] : walk(full);
    return [path.relative(root, full)];
  });
}

/** The tracked files (git), or the source tree when the checkout has no git metadata. */
function repositoryFiles(): string[] {
  let files: string[];
  try {
    files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  } catch {
    files = walk(root);
  }
  return files.filter((file) => !BINARY.test(file) && existsSync(path.join(root, file)) && statSync(path.join(root, file)).size < 4_000_000);
}

/** GitHub's heading anchor: inline markup dropped, lower case, punctuation removed, each space a hyphen. */
function githubSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a Markdown file offers (headings outside code fences; repeated headings get -1, -2, …). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = githubSlug(heading[1] ?? '');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

const files = repositoryFiles();
const texts = new Map(files.map((file) => [file, readFileSync(path.join(root, file), 'utf8')]));
const outsideDocs = files.filter((file) => !file.startsWith('docs/'));

/** Each occurrence of a pattern, as "file:line: text", for a readable failure. */
function occurrences(candidates: string[], pattern: RegExp, keep: (match: RegExpExecArray, file: string) => boolean = () => true): string[] {
  const found: string[] = [];
  for (const file of candidates) {
    (texts.get(file) ?? '').split('\n').forEach((line, index) => {
      for (const match of line.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))) {
        if (keep(match as RegExpExecArray, file)) found.push(`${file}:${index + 1}: ${line.trim()}`);
      }
    });
  }
  return found;
}

// Built from parts so that this file does not cite what it forbids.
const SECTION_SIGN = '\u00a7';
const RESEARCH_NOTES = ['shared', 'docs'].join('/');

describe('the repository explains itself', () => {
  it('reads the repository (a check over no files proves nothing)', () => {
    expect(files).toContain('README.md');
    expect(files).toContain('docs/aurora-api.md');
    expect(files).toContain('docs/hubspot-platform.md');
  });

  it(`no file cites the team's research notes (${RESEARCH_NOTES})`, () => {
    expect(occurrences(files, new RegExp(RESEARCH_NOTES.replace('/', '\\/')))).toEqual([]);
  });

  it('no parent-relative path to a "shared" folder leaves the repository (simulators/shared is a real folder)', () => {
    const resolves = (from: string, target: string) => {
      const base = path.resolve(root, path.dirname(from), target);
      const inside = !path.relative(root, base).startsWith('..');
      return inside && ['', '.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.md', '/index.ts'].some((ext) => existsSync(base + ext));
    };
    const broken = occurrences(files, /(?:\.\.\/)+shared(?:\/[\w.-]+)*/, (match, file) => !resolves(file, match[0]));
    expect(broken).toEqual([]);
  });

  it(`no file outside docs/ cites a bare section number (${SECTION_SIGN}N): cite docs/<file>.md#<heading> instead`, () => {
    expect(occurrences(outsideDocs, new RegExp(`${SECTION_SIGN}\\s*\\d`))).toEqual([]);
  });

  it('every docs/<file>.md#<anchor> cited anywhere names an existing file and heading', () => {
    const cited = new Map<string, Set<string>>();
    const cite = (doc: string, anchor: string) => cited.set(doc, (cited.get(doc) ?? new Set()).add(anchor));
    for (const [file, text] of texts) {
      for (const match of text.matchAll(/\bdocs\/([\w.-]+\.md)#([\w-]+)/g)) cite(match[1]!, match[2]!);
      if (!file.startsWith('docs/')) continue;
      // Links inside docs/ are relative: "(other.md#anchor)" or "(#anchor)".
      for (const match of text.matchAll(/\]\(([\w.-]+\.md)?#([\w-]+)\)/g)) cite(match[1] ?? path.basename(file), match[2]!);
    }
    const unresolved: string[] = [];
    for (const [doc, anchors] of cited) {
      const text = texts.get(`docs/${doc}`);
      if (text === undefined) {
        unresolved.push(`docs/${doc} does not exist`);
        continue;
      }
      const offered = anchorsOf(text);
      for (const anchor of anchors) if (!offered.has(anchor)) unresolved.push(`docs/${doc}#${anchor}`);
    }
    expect(unresolved).toEqual([]);
    // The code cites the docs by heading; far fewer citations would mean the check lost its subject.
    expect([...cited.values()].reduce((sum, anchors) => sum + anchors.size, 0)).toBeGreaterThan(20);
  });

  it.each([
    ['Webhook events and placeholders', 'webhook-events-and-placeholders'],
    ['Platform version', 'platform-version'],
    ['What `context` holds (2026.03)', 'what-context-holds-202603'],
    ['Foo & Bar', 'foo--bar'],
    ['[Linked](x.md) heading_with_underscore', 'linked-heading_with_underscore'],
  ])('slugs %j as GitHub does: %s', (heading, slug) => {
    expect(githubSlug(heading)).toBe(slug);
  });
});
