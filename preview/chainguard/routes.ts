// The sandbox over HTTP: the page (GET, and POST from its form) and
// POST /__preview/chainguard/apply for tests (text/plain Terraform in,
// `{ "identityId": "<UIDP>" }` out, or 400 with the parser's error).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../simulator/http';
import { renderSandboxPage } from '../pages/chainguard-page';
import { send, sendJson } from '../http-helpers';
import { MAX_TERRAFORM_BYTES, type ChainguardSandbox } from './sandbox';

export const SANDBOX_PATH = '/__preview/chainguard';
export const SANDBOX_APPLY_PATH = '/__preview/chainguard/apply';

function identityRows(sandbox: ChainguardSandbox) {
  return [...sandbox.identities.values()].map((i) => ({ id: i.id, name: i.name, organization: i.organization, role: i.role }));
}

/** True when it answered. `sameOrigin` guards the state-changing POSTs against other sites. */
export async function answerSandbox(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  sandbox: ChainguardSandbox,
  sameOrigin: (req: IncomingMessage) => boolean,
): Promise<boolean> {
  const method = req.method ?? 'GET';
  if (path === SANDBOX_PATH && method === 'GET') {
    send(res, 200, 'text/html; charset=utf-8', renderSandboxPage({ terraform: '', result: null, identities: identityRows(sandbox) }));
    return true;
  }
  if ((path === SANDBOX_PATH || path === SANDBOX_APPLY_PATH) && method === 'POST') {
    if (!sameOrigin(req)) {
      send(res, 403, 'text/plain; charset=utf-8', 'Cross-site requests to the sandbox are refused.');
      return true;
    }
    let body: string;
    try {
      body = await readBody(req, MAX_TERRAFORM_BYTES + 4096);
    } catch {
      sendJson(res, 413, { error: `The Terraform is larger than ${MAX_TERRAFORM_BYTES / 1024} KiB.` });
      return true;
    }
    const fromForm = path === SANDBOX_PATH;
    const terraform = fromForm ? (new URLSearchParams(body).get('terraform') ?? '') : body;
    const result = await sandbox.apply(terraform);
    if (fromForm) {
      const shown = result.ok ? { identityId: result.identityId } : { error: result.error };
      send(res, result.ok ? 200 : 400, 'text/html; charset=utf-8', renderSandboxPage({ terraform, result: shown, identities: identityRows(sandbox) }));
    } else if (result.ok) sendJson(res, 200, { identityId: result.identityId });
    else sendJson(res, 400, { error: result.error });
    return true;
  }
  return false;
}
