// Names we write into YAML (an environment from Bitbucket, for one) may hold
// any line break. YAML 1.1 readers such as PyYAML also break lines on NEL
// (U+0085), LS (U+2028) and PS (U+2029): such a name must be quoted and escaped
// so that every reader reads exactly that name back, on one line.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderYamlLines } from '../../../src/core/pipeline/generate';
import { planPipeline } from '../../../src/core/pipeline';
import { envChoices, expectOk, facts, PROD_ENV_UUID } from './support';

const BREAKS = ['\n', '\r', '\r\n', '\u0085', '\u2028', '\u2029'];

describe('YAML we write, for names holding a line break', () => {
  it.each(BREAKS.map((b) => [JSON.stringify(b), b]))('quotes and escapes %s, and reads back the same value', (_, lineBreak) => {
    const name = `Prod${lineBreak}uction: x # y`;
    const lines = renderYamlLines({ deployment: name, list: [name], [name]: 'key' }, 2);
    const text = lines.join('\n');
    expect(text).not.toMatch(/[\r\u0085\u2028\u2029]/);
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
    expect(lines[0]).toMatch(/^deployment: "/);
    expect(parse(text)).toEqual({ deployment: name, list: [name], [name]: 'key' });
  });

  it('leaves other scalars as the yaml library writes them', () => {
    expect(renderYamlLines({ name: 'Build', oidc: true, script: ['make'] }, 2)).toEqual(['name: Build', 'oidc: true', 'script:', '  - make']);
  });

  it('a deployment environment named with U+2028 is written quoted and escaped in a new file', () => {
    const named = { ...facts, environments: [{ uuid: PROD_ENV_UUID, name: 'prod\u2028uction' }] };
    const plan = expectOk(planPipeline(null, named, envChoices));
    expect(plan.content).not.toMatch(/[\u0085\u2028\u2029]/);
    expect(plan.content).toContain('deployment: "prod\\Luction"');
    const deployments = [...plan.content.matchAll(/deployment: (.*)/g)].map((m) => parse(m[1]!) as string);
    expect(deployments.length).toBeGreaterThan(0);
    expect(deployments.every((d) => d === 'prod\u2028uction')).toBe(true);
  });
});
