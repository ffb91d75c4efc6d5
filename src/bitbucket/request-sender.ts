// Sends one operation: builds the request from the operation table, runs it
// through the retry engine, and turns failures into BitbucketErrors.
import { buildPath, type PathValue } from './encoding';
import {
  BitbucketError,
  errorFromResponse,
  networkError,
  outOfTimeError,
  unexpectedResponseError,
} from './errors';
import { OPERATIONS, type OperationName, type OperationSpec } from './operations';
import { runWithRetries, type Clock } from './retry';
import type { RetryPolicy } from './retry-policy';
import type { BitbucketRequest, BitbucketResponse, BitbucketTransport } from './transport';

export interface SenderOptions {
  transport: BitbucketTransport;
  clock: Clock;
  random: () => number;
  policy: RetryPolicy;
  /** Overall time from the sender's creation; see BitbucketClientOptions.totalBudgetMs. */
  totalBudgetMs?: number;
  abortAfter?: (ms: number) => AbortSignal;
}

export type QueryPairs = readonly (readonly [string, string])[];
export type PathValues = Readonly<Record<string, PathValue>>;

export interface CallOptions {
  query?: QueryPairs;
  body?: { contentType: string; text: string };
  /** Return null on 404 instead of throwing. */
  notFoundIsNull?: boolean;
  /** Non-2xx statuses returned as answers rather than thrown (e.g. a log's 307 or 416). */
  acceptStatuses?: readonly number[];
  /** Extra request headers (e.g. Range). */
  headers?: Readonly<Record<string, string>>;
  redirect?: 'manual';
  maxBodyBytes?: number;
}

export interface RequestSender {
  /** The 2xx response; null for a 404 when notFoundIsNull. Throws BitbucketError otherwise. */
  send(name: OperationName, pathValues: PathValues, call?: CallOptions): Promise<BitbucketResponse | null>;
  /** Like send, with the body parsed as JSON. */
  json(name: OperationName, pathValues: PathValues, call?: CallOptions): Promise<unknown>;
}

export function createRequestSender(options: SenderOptions): RequestSender {
  const { clock } = options;
  const createdAt = clock.now();

  /** What is left of totalBudgetMs, or undefined when there is no overall limit. */
  function remainingBudget(): number | undefined {
    if (options.totalBudgetMs === undefined) return undefined;
    return options.totalBudgetMs - (clock.now() - createdAt);
  }

  async function send(name: OperationName, pathValues: PathValues, call: CallOptions = {}) {
    const operation: OperationSpec = OPERATIONS[name];
    const request = buildRequest(operation, pathValues, call);
    const budgetMs = remainingBudget();
    if (budgetMs !== undefined && budgetMs <= 0) throw outOfTimeError(operation);
    const outcome = await runWithRetries((signal) => options.transport(request, { signal }), {
      policy: options.policy,
      idempotency: operation.idempotency,
      clock,
      random: options.random,
      ...(budgetMs === undefined ? {} : { budgetMs }),
      ...(options.abortAfter ? { abortAfter: options.abortAfter } : {}),
    });
    if (outcome.kind === 'network-error') throw networkError(operation, outcome.error);
    const { response } = outcome;
    if (response.status >= 200 && response.status < 300) return response;
    if (call.acceptStatuses?.includes(response.status)) return response;
    if (response.status === 404 && call.notFoundIsNull) return null;
    // Only a wait Bitbucket asked for (Retry-After) is worth telling the person.
    const waitMs = outcome.gaveUp?.waitMs;
    const retryAfterSeconds =
      response.status === 429 && waitMs !== undefined && response.headers.get('retry-after') !== null
        ? Math.ceil(waitMs / 1000)
        : undefined;
    throw errorFromResponse(operation, response.status, decodeLoosely(response.body), retryAfterSeconds);
  }

  async function json(name: OperationName, pathValues: PathValues, call: CallOptions = {}) {
    const response = await send(name, pathValues, call);
    if (response === null) return null;
    try {
      return JSON.parse(decodeLoosely(response.body)) as unknown;
    } catch {
      throw unexpectedResponseError(OPERATIONS[name], response.status, 'not JSON');
    }
  }

  return { send, json };
}

function buildRequest(operation: OperationSpec, pathValues: PathValues, call: CallOptions): BitbucketRequest {
  const { literals, values } = buildPath(operation.pathTemplate, pathValues);
  const headers: Record<string, string> = { Accept: 'application/json', ...call.headers };
  if (call.body) headers['Content-Type'] = call.body.contentType;
  return {
    method: operation.method,
    pathTemplate: operation.pathTemplate,
    literals,
    values,
    query: call.query ?? [],
    headers,
    ...(call.body ? { body: call.body.text } : {}),
    ...(call.redirect ? { redirect: call.redirect } : {}),
    ...(call.maxBodyBytes === undefined ? {} : { maxBodyBytes: call.maxBodyBytes }),
  };
}

/** Runs a response parser, turning a shape mismatch into a BitbucketError. */
export function parsedAs<T>(name: OperationName, status: number, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof BitbucketError) throw error;
    throw unexpectedResponseError(OPERATIONS[name], status, shortProblem(error));
  }
}

/** For JSON and error bodies: invalid bytes become U+FFFD rather than failing. */
function decodeLoosely(body: Uint8Array): string {
  return new TextDecoder('utf-8').decode(body);
}

function shortProblem(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** A JSON request body. */
export function jsonBody(value: unknown): CallOptions {
  return { body: { contentType: 'application/json', text: JSON.stringify(value) } };
}

/** A Pipelines variable as Bitbucket takes it, for repository and workspace variables alike. */
export function variablePayload(input: { key: string; value: string; secured: boolean }) {
  return { type: 'pipeline_variable', key: input.key, value: input.value, secured: input.secured };
}
