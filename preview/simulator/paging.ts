// Bitbucket's page-numbered pagination: `{size, page, pagelen, next?, values}`,
// where `next` is a full URL the client follows as-is.
import type { RequestContext } from './http';

export function paginate<T>(ctx: RequestContext, items: T[], defaultPagelen = 10): Record<string, unknown> {
  const pagelen = clamp(Number(ctx.query.get('pagelen') ?? defaultPagelen), 1, 100, defaultPagelen);
  const page = clamp(Number(ctx.query.get('page') ?? 1), 1, Number.MAX_SAFE_INTEGER, 1);
  const start = (page - 1) * pagelen;
  const values = items.slice(start, start + pagelen);
  const body: Record<string, unknown> = { pagelen, size: items.length, page, values };
  if (start + pagelen < items.length) {
    const next = new URL(ctx.req.url ?? '/', ctx.origin);
    next.searchParams.set('page', String(page + 1));
    next.searchParams.set('pagelen', String(pagelen));
    body.next = next.toString();
  }
  return body;
}

function clamp(n: number, min: number, max: number, fallback: number): number {
  if (!Number.isInteger(n)) return fallback;
  return Math.min(max, Math.max(min, n));
}
