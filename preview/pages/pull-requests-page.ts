// /__preview/pull-requests: the simulated repository's pull requests and their
// diffs, so the effect of "Open pull request" can be seen without Bitbucket.
import type { SimRepository, SimulatorState } from '../simulator';
import { diffLines, withContext, type DiffLine } from './line-diff';

export interface FileChange {
  path: string;
  status: 'added' | 'modified' | 'deleted';
  lines: (DiffLine | null)[];
}

export interface PullRequestView {
  id: number;
  title: string;
  description: string;
  state: string;
  sourceBranch: string;
  destinationBranch: string;
  files: FileChange[];
}

/** What each pull request changes: its source tip against the destination commit it was opened on. */
export function pullRequestViews(state: SimulatorState, repo: SimRepository): PullRequestView[] {
  return [...repo.pullRequests].reverse().map((pr) => {
    const base = repo.commits.get(pr.destinationCommit)?.files ?? new Map<string, string>();
    const head = repo.commits.get(state.pullRequestSourceCommit(repo, pr))?.files ?? new Map<string, string>();
    const paths = [...new Set([...base.keys(), ...head.keys()])].sort();
    const files: FileChange[] = [];
    for (const path of paths) {
      const before = base.get(path);
      const after = head.get(path);
      if (before === after) continue;
      const status = before === undefined ? 'added' : after === undefined ? 'deleted' : 'modified';
      files.push({ path, status, lines: withContext(diffLines(before ?? '', after ?? '')) });
    }
    return {
      id: pr.id,
      title: pr.title,
      description: pr.description,
      state: pr.state,
      sourceBranch: pr.sourceBranch,
      destinationBranch: pr.destinationBranch,
      files,
    };
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const MARK: Record<DiffLine['kind'], string> = { same: ' ', removed: '-', added: '+' };

function renderFile(file: FileChange): string {
  const rows = file.lines
    .map((line) =>
      line === null
        ? '<span class="gap">⋯</span>'
        : `<span class="${line.kind}">${MARK[line.kind]} ${escapeHtml(line.text)}</span>`,
    )
    .join(''); // each line is a block already; a newline would add a blank line in <pre>
  return `<section class="file"><h3>${escapeHtml(file.path)} <small>(${file.status})</small></h3><pre><div class="rows">${rows}</div></pre></section>`;
}

function renderPullRequest(pr: PullRequestView): string {
  const files = pr.files.length ? pr.files.map(renderFile).join('') : '<p>No file changes.</p>';
  return `<article class="pr" id="pr-${pr.id}" data-pr-id="${pr.id}">
<h2>#${pr.id} ${escapeHtml(pr.title)} <small class="state">${escapeHtml(pr.state)}</small></h2>
<p>${escapeHtml(pr.sourceBranch)} → ${escapeHtml(pr.destinationBranch)}</p>
${pr.state === 'OPEN' ? `<form method="post" action="/__preview/pull-requests/${pr.id}/merge"><button type="submit" aria-label="Merge pull request #${pr.id}">Merge</button></form>` : ''}
${pr.description ? `<details><summary>Description</summary><pre>${escapeHtml(pr.description)}</pre></details>` : ''}
${files}
</article>`;
}

export type PageTheme = 'light' | 'dark';

/** `?theme=` as the settings page's banner passes it; anything else means "follow the system". */
export function pageThemeFrom(value: string | null): PageTheme | null {
  return value === 'dark' || value === 'light' ? value : null;
}

// Light by default, dark when asked for (or when the system prefers it and no theme
// was asked for), so following "Pull requests" from a dark settings page is not a white flash.
const PAGE_STYLE = `
:root{color-scheme:light;--fg:#172b4d;--muted:#44546f;--gap:#626f86;--code:#f7f8f9;--line:#dcdfe4;--link:#0c66e4;
--add-bg:#dcfff1;--add-fg:#164b35;--del-bg:#ffeceb;--del-fg:#5d1f1a;--bg:#ffffff}
:root[data-theme=dark]{color-scheme:dark;--fg:#b6c2cf;--muted:#9fadbc;--gap:#8c9bab;--code:#22272b;--line:#38414a;--link:#579dff;
--add-bg:#1c3329;--add-fg:#baf3db;--del-bg:#42221f;--del-fg:#ffd5d2;--bg:#1d2125}
@media (prefers-color-scheme: dark){:root:not([data-theme]){color-scheme:dark;--fg:#b6c2cf;--muted:#9fadbc;--gap:#8c9bab;--code:#22272b;--line:#38414a;--link:#579dff;
--add-bg:#1c3329;--add-fg:#baf3db;--del-bg:#42221f;--del-fg:#ffd5d2;--bg:#1d2125}}
html{background:var(--bg)}
body{font:14px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:16px;color:var(--fg);background:var(--bg)}
a{color:var(--link)}
pre{background:var(--code);padding:8px;overflow-x:auto;font:12px/1.45 ui-monospace,monospace}
pre span{display:block;white-space:pre}
.rows{display:inline-block;min-width:100%;vertical-align:top} /* as wide as the longest line: colours run on when scrolled */
.added{background:var(--add-bg);color:var(--add-fg)}.removed{background:var(--del-bg);color:var(--del-fg)}.gap{color:var(--gap)}
.pr{border-top:1px solid var(--line);padding-top:8px}.state{font-weight:normal;color:var(--muted)}
`;

export function renderPullRequestsPage(views: PullRequestView[], repositoryLabel: string, theme: PageTheme | null = null): string {
  const body = views.length
    ? views.map(renderPullRequest).join('\n')
    : '<p>No pull requests yet. Use “Open pull request” on the settings page.</p>';
  const themeAttribute = theme ? ` data-theme="${theme}"` : '';
  const back = theme ? `/?theme=${theme}` : '/';
  return `<!doctype html>
<html lang="en"${themeAttribute}><head><meta charset="utf-8"><title>Pull requests: ${escapeHtml(repositoryLabel)}</title>
<style>${PAGE_STYLE}</style></head>
<body><main>
<p><a href="${back}">← Back to the settings page</a></p>
<h1>Pull requests in ${escapeHtml(repositoryLabel)} (simulated)</h1>
${body}
</main></body></html>`;
}
