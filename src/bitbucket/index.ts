// Public surface of the Bitbucket client.
export { createBitbucketClient, UndecodableFileError } from './client';
export { commitHashFromLocation } from './commit-location';
export type { BitbucketClient, BitbucketClientOptions } from './client';
export { createFetchTransport, BITBUCKET_API_BASE_URL } from './fetch-transport';
export type { FetchTransportOptions } from './fetch-transport';
export { BitbucketError } from './errors';
export type { BitbucketErrorCode } from './errors';
export { InvalidRequestValueError, bbqlString } from './encoding';
export { OPERATIONS, USED_OPERATIONS } from './operations';
export type { OperationName, OperationRef, OperationSpec, Idempotency, HttpMethod } from './operations';
export { DEFAULT_RETRY_POLICY } from './retry-policy';
export type { RetryPolicy } from './retry-policy';
export { systemClock } from './retry';
export type { Clock } from './retry';
export { TransportNetworkError } from './transport';
export type { BitbucketRequest, BitbucketResponse, BitbucketTransport } from './transport';
export type * from './response-types';
