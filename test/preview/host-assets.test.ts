import { describe, expect, it } from 'vitest';
import { hostScript, injectHostScript, scriptSafeJson, themeStylesheet } from '../../preview/host/host-assets';
import { fileForUrlPath } from '../../preview/static-files';

describe('injectHostScript', () => {
  it('puts the host script first in <head>, before the module bundle', () => {
    const built = '<!doctype html><html><head><meta charset="UTF-8"><script type="module" src="./assets/index-abc.js"></script></head><body><div id="root"></div></body></html>';
    const out = injectHostScript(built);
    expect(out.indexOf('/__preview/host.js')).toBeGreaterThan(out.indexOf('<head>'));
    expect(out.indexOf('/__preview/host.js')).toBeLessThan(out.indexOf('./assets/index-abc.js'));
    // Only the tag is added: removing it gives back the built file.
    expect(out.replace('<script src="/__preview/host.js"></script>', '')).toBe(built);
  });

  it('refuses HTML it cannot place the script in', () => {
    expect(() => injectHostScript('<p>hi</p>')).toThrow(/npm run build/);
  });
});

describe('host script', () => {
  it('embeds the context so a string cannot close the script', async () => {
    expect(scriptSafeJson({ a: '</script><script>alert(1)</script>' })).not.toContain('</script>');
    const script = await hostScript({ context: { workspaceId: '{w}' }, pullRequestsUrl: '/__preview/pull-requests', backendLabel: 'test', simulatedPullRequestPrefix: null });
    expect(script).toContain('window.__FORGE_PREVIEW_CONFIG__ = {"context":{"workspaceId":"{w}"}');
    expect(script).toContain('__bridge');
  });

  it('serves light and dark token themes keyed on the attributes the host sets', () => {
    const css = themeStylesheet();
    expect(css).toContain('[data-theme~="dark:dark"]');
    expect(css).toContain('[data-theme~="light:light"]');
    expect(css).toContain('--ds-surface');
  });
});

describe('fileForUrlPath', () => {
  it('stays inside the build folder', () => {
    expect(fileForUrlPath('/srv/dist', '/assets/a.js')).toBe('/srv/dist/assets/a.js');
    // Dot segments are resolved against the folder's root, never above it.
    for (const attempt of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fetc/passwd', '/..\\..\\x']) {
      const file = fileForUrlPath('/srv/dist', attempt);
      expect(file === null || file.startsWith('/srv/dist/'), `${attempt} -> ${file}`).toBe(true);
    }
    expect(fileForUrlPath('/srv/dist', '/assets/%00x')).toBeNull();
    expect(fileForUrlPath('/srv/dist', '/%E0%A4%A')).toBeNull();
  });
});
