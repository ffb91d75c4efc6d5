// What a row says about a repository, and reading pasted `terraform output -json`.
import { describe, expect, it } from 'vitest';
import { pipelineFileFacts, repositoryStatus, MAX_SCANNED_FILE_BYTES } from '../../src/usecases/workspace/inventory-row';

const plain = { state: { state: 'present' as const, lines: 5 }, oidcSteps: [] };
const withOidc = { state: { state: 'present' as const, lines: 5 }, oidcSteps: ['Build (default)'] };

describe('inventory row', () => {
  it('labels the steps that have oidc: true, following anchors', () => {
    const facts = pipelineFileFacts(`definitions:
  steps:
    - step: &s
        name: Shared
        oidc: true
        script: [echo]
pipelines:
  default:
    - step: *s
  branches:
    main:
      - step:
          name: Release
          script: [echo]
`);
    expect(facts.oidcSteps).toEqual(['Shared (default)']);
    expect(facts.state).toEqual({ state: 'present', lines: 14 });
  });

  it('reports an unparsable or oversized file instead of failing', () => {
    expect(pipelineFileFacts('pipelines: [').state.state).toBe('unparsable');
    const huge = pipelineFileFacts(`pipelines:\n  default: []\n# ${'x'.repeat(MAX_SCANNED_FILE_BYTES)}`);
    expect(huge.state).toMatchObject({ state: 'unparsable' });
    if (huge.state.state === 'unparsable') expect(huge.state.reason).toMatch(/up to 512 KB/);
    expect(pipelineFileFacts(null)).toEqual({ state: { state: 'absent' }, oidcSteps: [] });
  });

  it('decides the status in rollout order', () => {
    const base = { pipelinesEnabled: true, pullRequest: { state: 'none' as const }, identity: { state: 'none' as const } };
    expect(repositoryStatus({ ...base, file: withOidc, identity: { state: 'workspace' } })).toBe('set-up');
    expect(repositoryStatus({ ...base, file: withOidc })).toBe('needs-setup');
    expect(repositoryStatus({ ...base, file: plain, pullRequest: { state: 'open', id: 1, url: 'u', title: 't' } })).toBe('pull-request-open');
    expect(repositoryStatus({ ...base, file: plain, pullRequest: { state: 'merged', id: 1, url: 'u', title: 't' } })).toBe('pull-request-merged');
    expect(repositoryStatus({ ...base, file: plain, pipelinesEnabled: false })).toBe('pipelines-off');
    expect(repositoryStatus({ ...base, file: { state: { state: 'unparsable', reason: 'r' }, oidcSteps: [] } })).toBe('invalid-pipeline');
    expect(repositoryStatus({ ...base, file: null })).toBe('unreadable');
  });
});
