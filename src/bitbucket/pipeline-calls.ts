// The client's pipeline calls: start the check run, follow it, read its steps,
// their JUnit test cases and, as a fallback, the tail of a step's log.
import { unexpectedResponseError } from './errors';
import { OPERATIONS } from './operations';
import { toPage } from './response-parsers';
import { parsedAs, type RequestSender } from './request-sender';
import { toPipelineRun, toPipelineStep, toTestCase, toTestReport } from './pipeline-parsers';
import type { PipelineRun, PipelineStepInfo, StartPipelineInput, StepLog, StepTestCase, StepTestReport } from './pipeline-types';
import type { RepoIds } from '../shared/repository-refs';

/** The most of a step's log the app ever holds: its last megabyte. */
export const STEP_LOG_MAX_BYTES = 1024 * 1024;
/** Steps of one run read in one call; a check run has one step, a long file a few dozen. */
const STEPS_PAGE = 100;
/** Test cases read; the check writes four. */
const TEST_CASES_PAGE = 50;

export interface PipelineCalls {
  /** Starts `pipelines.custom.<name>` on the branch's tip. Never retried: look for a running one first. */
  startPipeline(repo: RepoIds, input: StartPipelineInput): Promise<PipelineRun>;
  /** The newest runs of a custom pipeline (newest first), at most `limit`. */
  recentPipelines(repo: RepoIds, customPipeline: string, limit: number): Promise<PipelineRun[]>;
  /** Null when the run does not exist (any more). */
  getPipeline(repo: RepoIds, pipelineUuid: string): Promise<PipelineRun | null>;
  listPipelineSteps(repo: RepoIds, pipelineUuid: string): Promise<PipelineStepInfo[]>;
  /** Counts of the step's test report; null when the step wrote none. */
  getStepTestReport(repo: RepoIds, pipelineUuid: string, stepUuid: string): Promise<StepTestReport | null>;
  /** The step's JUnit test cases; empty when it wrote no report. */
  listStepTestCases(repo: RepoIds, pipelineUuid: string, stepUuid: string): Promise<StepTestCase[]>;
  /** The last STEP_LOG_MAX_BYTES of the step's log, asked for with a Range request. */
  readStepLogTail(repo: RepoIds, pipelineUuid: string, stepUuid: string): Promise<StepLog>;
}

type Sender = Pick<RequestSender, 'send' | 'json'>;
type RepoPath = (repo: RepoIds) => { workspace: string; repo_slug: string };

export function pipelineCalls({ send, json }: Sender, repoPath: RepoPath): PipelineCalls {
  return {
    async startPipeline(repo, input) {
      // `type` is required by the spec's base `object` schema; Bitbucket accepts it.
      const payload = {
        type: 'pipeline',
        target: {
          type: 'pipeline_ref_target',
          ref_type: 'branch',
          ref_name: input.branch,
          selector: { type: 'custom', pattern: input.customPipeline },
        },
      };
      const body = await json('createPipeline', repoPath(repo), {
        body: { contentType: 'application/json', text: JSON.stringify(payload) },
      });
      return parsedAs('createPipeline', 201, () => toPipelineRun(body));
    },

    async recentPipelines(repo, customPipeline, limit) {
      const body = await json('listPipelines', repoPath(repo), {
        query: [
          ['target.selector.type', 'CUSTOM'],
          ['target.selector.pattern', customPipeline],
          ['sort', '-created_on'],
          ['pagelen', String(Math.min(Math.max(limit, 1), 100))],
        ],
      });
      const page = parsedAs('listPipelines', 200, () => toPage(body));
      const runs = parsedAs('listPipelines', 200, () => page.values.map(toPipelineRun));
      // The filter is the server's; keep only what was asked for, whatever it did.
      return runs.filter((r) => r.selectorPattern === null || r.selectorPattern === customPipeline).slice(0, limit);
    },

    async getPipeline(repo, pipelineUuid) {
      const body = await json('getPipeline', { ...repoPath(repo), pipeline_uuid: pipelineUuid }, { notFoundIsNull: true });
      return body === null ? null : parsedAs('getPipeline', 200, () => toPipelineRun(body));
    },

    async listPipelineSteps(repo, pipelineUuid) {
      const body = await json('listPipelineSteps', { ...repoPath(repo), pipeline_uuid: pipelineUuid }, {
        query: [['pagelen', String(STEPS_PAGE)]],
      });
      const page = parsedAs('listPipelineSteps', 200, () => toPage(body));
      return parsedAs('listPipelineSteps', 200, () => page.values.map(toPipelineStep));
    },

    async getStepTestReport(repo, pipelineUuid, stepUuid) {
      const path = { ...repoPath(repo), pipeline_uuid: pipelineUuid, step_uuid: stepUuid };
      const body = await json('getStepTestReports', path, { notFoundIsNull: true });
      return body === null ? null : parsedAs('getStepTestReports', 200, () => toTestReport(body));
    },

    async listStepTestCases(repo, pipelineUuid, stepUuid) {
      const path = { ...repoPath(repo), pipeline_uuid: pipelineUuid, step_uuid: stepUuid };
      const body = await json('listStepTestCases', path, { query: [['pagelen', String(TEST_CASES_PAGE)]], notFoundIsNull: true });
      if (body === null) return [];
      const page = parsedAs('listStepTestCases', 200, () => toPage(body));
      return parsedAs('listStepTestCases', 200, () => page.values.map(toTestCase));
    },

    async readStepLogTail(repo, pipelineUuid, stepUuid) {
      const path = { ...repoPath(repo), pipeline_uuid: pipelineUuid, step_uuid: stepUuid };
      const response = await send('getStepLog', path, {
        headers: { Range: `bytes=-${STEP_LOG_MAX_BYTES}`, Accept: 'application/octet-stream, text/plain' },
        // 307: a completed step's log lives on another host, which the app does not follow.
        // 416: the range does not exist, i.e. the log is still empty.
        acceptStatuses: [307, 416],
        redirect: 'manual',
        maxBodyBytes: STEP_LOG_MAX_BYTES,
        notFoundIsNull: true,
      });
      if (response === null || response.status === 416) return { kind: 'none' };
      if (response.status === 307) return { kind: 'moved', location: response.headers.get('location') };
      if (response.status !== 200 && response.status !== 206) {
        throw unexpectedResponseError(OPERATIONS.getStepLog, response.status, 'not a log');
      }
      // 206 says where the tail starts ("bytes 524288-1572863/1572864"); a 200 was cut by the transport.
      const rangeStart = /^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '')?.[1];
      const truncated =
        response.status === 206 ? rangeStart !== undefined && Number(rangeStart) > 0 : response.body.byteLength >= STEP_LOG_MAX_BYTES;
      let text = new TextDecoder('utf-8').decode(response.body);
      // A cut may fall inside a line (or a character): start at the next whole line.
      if (truncated) text = text.slice(text.indexOf('\n') + 1);
      return { kind: 'text', text, truncated };
    },
  };
}
