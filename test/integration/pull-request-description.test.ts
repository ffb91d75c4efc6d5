// The pull request text is pure; tested here (the use cases' test folder) without a server.
import { describe, expect, it } from 'vitest';
import type { PipelineChanges, RepositoryFacts, ResolvedChoices, StepRef } from '../../src/core/types';
import {
  codeSpan,
  commitMessage,
  escapeMarkdown,
  pullRequestDescription,
  trailerDigest,
} from '../../src/usecases/pull-request-description';

const facts: RepositoryFacts = {
  workspace: { slug: 'acme', uuid: '{3f2a8c1e-6b4d-4e7a-9c21-5d8e0f1a2b3c}' },
  repository: { slug: 'web-app', uuid: '{9a7b6c5d-4e3f-4a2b-8c1d-0e9f8a7b6c5d}', mainBranch: 'main' },
  environments: [{ uuid: '{aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa}', name: 'Production' }],
};
const choices: ResolvedChoices = {
  organization: 'acme.example',
  identityName: 'web-app',
  role: 'registry.pull',
  trust: { kind: 'branch', branch: 'main' },
  description: 'd',
  image: null,
};
const step = (id: string, name: string | undefined, line: number): StepRef => ({
  id,
  path: ['pipelines', id],
  ...(name !== undefined ? { name } : {}),
  trigger: { kind: 'branch', pattern: 'main' },
  line,
});
const changes: PipelineChanges = {
  createdFile: false,
  addedCustomPipeline: 'chainguard-oidc',
  oidcAddedTo: [step('branches.main/1', 'Scan base image', 34)],
  alreadyOidc: [step('default/0', undefined, 12)],
  reachedThroughAliases: [{ anchor: 'scan', definedAt: step('definitions.steps/1', 'Scan base image', 20), alsoChanges: [step('branches.main/1', 'Scan base image', 34)] }],
};

describe('pullRequestDescription', () => {
  const text = pullRequestDescription({ facts, choices, changes, warnings: ['Careful <b>now</b>'] });

  it('explains what changes, which steps and aliases, the order of work, and how to undo', () => {
    expect(text).toContain('## What this changes');
    expect(text).toContain('"Scan base image" (branches\\.main/1, line 34)');
    expect(text).toContain('unnamed step (default/0, line 12)');
    expect(text).toContain('`&scan` defined at "Scan base image" (definitions\\.steps/1, line 20)');
    const order = ['Apply the Terraform', 'Set the identity ID', 'Merge this pull request', 'Run the custom pipeline'].map((s) => text.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('## How to undo');
    expect(text).toContain('CHAINGUARD_IDENTITY');
  });

  it('uses no HTML comments or <details>, and escapes text from the repository', () => {
    expect(text).not.toMatch(/<!--|<details|<b>/);
    expect(text).toContain('Careful \\<b\\>now\\</b\\>');
    const hostile = pullRequestDescription({
      facts,
      choices,
      changes: { ...changes, oidcAddedTo: [step('x', '[click](javascript:alert(1))\n# Heading', 1)] },
    });
    expect(hostile).not.toContain('[click](javascript');
    expect(hostile).not.toMatch(/^# Heading/m);
  });

  it('names the trusted environment, and describes a new file', () => {
    const env = pullRequestDescription({
      facts,
      choices: { ...choices, trust: { kind: 'environment', environmentUuid: '{aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa}' } },
      changes: { ...changes, createdFile: true, oidcAddedTo: [], alreadyOidc: [], reachedThroughAliases: [] },
    });
    expect(env).toContain('**Production** environment');
    expect(env).toContain('Creates `bitbucket-pipelines.yml`');
    expect(env).not.toContain('Shared step definitions');
  });

  it('without a custom pipeline, step 4 asks to run an edited step instead', () => {
    const noCustom = pullRequestDescription({ facts, choices, changes: { ...changes, addedCustomPipeline: null } });
    expect(noCustom).toContain('Run a pipeline with an edited step');
    expect(noCustom).not.toContain('Run the custom pipeline');
  });

  it('asks to run the custom pipeline on the trusted branch when that is not the main branch', () => {
    expect(text).toContain('choose `chainguard-oidc` on main. It should log in');
    const release = pullRequestDescription({ facts, choices: { ...choices, trust: { kind: 'branch', branch: 'release/1.x' } }, changes });
    expect(release).toContain('choose `chainguard-oidc` on **release/1\\.x**, the branch the identity trusts');
    expect(release).toContain('a run on main is refused');
    expect(release).toMatch(/Bring this change to release\/1\\\.x first/);
  });

  it('caps long step lists', () => {
    const many = Array.from({ length: 45 }, (_, i) => step(`s/${i}`, `Step ${i}`, i + 1));
    const long = pullRequestDescription({ facts, choices, changes: { ...changes, oidcAddedTo: many } });
    expect(long).toContain('… and 15 more');
    expect(long).not.toContain('Step 44');
  });
});

describe('commit trailer', () => {
  it('round-trips the digest and rejects messages without it', () => {
    const digest = 'ab'.repeat(32);
    expect(trailerDigest(commitMessage(changes, digest))).toBe(digest);
    expect(trailerDigest('Tweak pipeline by hand')).toBeNull();
    expect(trailerDigest(`Chainguard-OIDC-Setup: ${'ab'.repeat(31)}`)).toBeNull();
  });
});

describe('markdown helpers', () => {
  it('escape punctuation and flatten lines; code spans drop backticks', () => {
    expect(escapeMarkdown('a*b_[c](d)\ne')).toBe('a\\*b\\_\\[c\\]\\(d\\) e');
    expect(codeSpan('x`y\nz')).toBe('`x y z`');
  });
});

describe('repository-supplied names in the description', () => {
  const WJ = '\u2060';
  const named = (name: string): PipelineChanges => ({ ...changes, oidcAddedTo: [step('branches.main/1', name, 34)], reachedThroughAliases: [] });
  const describeWith = (name: string) => pullRequestDescription({ facts, choices, changes: named(name) });

  it('neutralises bidi controls: none reaches the text, each shows as U+FFFD', () => {
    const text = describeWith('Deploy \u202eelbaliava\u202c \u2066x\u2069 \u200f');
    expect(text).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('Deploy \ufffdelbaliava\ufffd \ufffdx\ufffd \ufffd');
  });

  it('neutralises @mentions, :shortcode: emoji and bare URLs', () => {
    const text = describeWith('ping @admin :rocket: see https://evil.example/x and www.evil.example');
    expect(text).not.toMatch(/@\w/);
    expect(text).not.toMatch(/:rocket:/);
    expect(text).not.toMatch(/https?:\/\//);
    expect(text).not.toMatch(/\bwww\./);
    // Still readable: only invisible joiners were added.
    expect(text.replaceAll(WJ, '')).toContain('ping @admin :rocket: see https://evil\\.example/x and www\\.evil\\.example');
  });

  it('caps each name: a 200,000-character step name does not make a 400 KB description', () => {
    const text = describeWith('x'.repeat(200_000));
    expect(text).toContain(`"${'x'.repeat(120)}…"`);
    expect(text.length).toBeLessThan(10_000);
  });

  it('code spans are inert too', () => {
    expect(codeSpan('@team :+1: http://x \u202e')).toBe(`\`@${WJ}team :${WJ}+1: http:${WJ}//x \ufffd\``);
  });
});
