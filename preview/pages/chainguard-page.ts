// /__preview/chainguard: paste the Terraform exactly as "Copy all" (or the
// .zip's files, one after the other) gives it, click Apply, and read the
// identity ID the way `terraform apply` prints the output.
import { escapeHtml } from './pull-requests-page';

export interface SandboxPageState {
  terraform: string;
  result: { identityId: string } | { error: string } | null;
  identities: { id: string; name: string; organization: string; role: string | null }[];
}

const STYLE = `
body{font:14px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:16px;color:#172b4d}
textarea{width:100%;min-height:280px;font:12px/1.45 ui-monospace,monospace}
pre{background:#f7f8f9;padding:8px;overflow-x:auto;font:12px/1.45 ui-monospace,monospace}
.error{color:#ae2e24}
button{font:inherit;padding:4px 12px}
`;

export function renderSandboxPage(state: SandboxPageState): string {
  const result =
    state.result === null
      ? ''
      : 'identityId' in state.result
        ? `<section aria-label="Apply result"><p>Apply complete! Resources: 2 added, 0 changed, 0 destroyed.</p><p>Outputs:</p><pre>bitbucket-identity = "<output id="identity-id">${escapeHtml(state.result.identityId)}</output>"</pre></section>`
        : `<p class="error" role="alert">${escapeHtml(state.result.error)}</p>`;
  const rows = state.identities
    .map((i) => `<li><code>${escapeHtml(i.id)}</code> ${escapeHtml(i.name)} in ${escapeHtml(i.organization)} (role ${escapeHtml(i.role ?? 'none')})</li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Chainguard sandbox (simulated)</title><style>${STYLE}</style></head>
<body><main>
<p><a href="/">← Back to the settings page</a></p>
<h1>Chainguard sandbox (simulated)</h1>
<p>Stands in for <code>terraform apply</code> against Chainguard: paste the Terraform from the settings page ("Copy all"), then Apply.
Pipeline runs in this preview exchange their tokens here.</p>
<form method="post" action="/__preview/chainguard">
<label for="terraform">Terraform</label>
<textarea id="terraform" name="terraform" spellcheck="false">${escapeHtml(state.terraform)}</textarea>
<p><button type="submit">Apply</button></p>
</form>
${result}
<h2>Identities</h2>
${rows ? `<ul>${rows}</ul>` : '<p>None yet.</p>'}
</main></body></html>`;
}
