// Generated Terraform files as the admin takes them away: "Copy all", a .zip,
// and one tab per file with its own copy button. Shared by the repository and
// workspace pages; each page says what to run after it (`children`).
import Button from '@atlaskit/button/new';
import { Inline, Stack } from '@atlaskit/primitives/compiled';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { GeneratedFile } from '@app/core/types';
import { copyText } from '../lib/clipboard';
import { joinFilesForCopy } from '../lib/copy-all';
import { saveBytes, zipFiles } from '../lib/zip-download';
import { CodeView } from './CodeView';
import { CopyButton } from './CopyButton';

/** How long "Copied all files" stays up (CopyButton uses the same). */
const STATUS_MS = 3000;

export function TerraformFiles({ files, zipName, tabsId, children }: { files: GeneratedFile[]; zipName: string; tabsId: string; children: ReactNode }) {
  return (
    <Stack space="space.150">
      <TerraformActions files={files} zipName={zipName} />
      {/* Opens on main.tf, the file that says what is created. */}
      <Tabs id={tabsId} defaultSelected={Math.max(0, files.findIndex((file) => file.path === 'main.tf'))}>
        <TabList>
          {files.map((file) => (
            <Tab key={file.path}>{file.path}</Tab>
          ))}
        </TabList>
        {files.map((file) => (
          <TabPanel key={file.path}>
            <div style={{ width: '100%', minWidth: 0 }}>
              <Stack space="space.100">
                <div style={{ paddingTop: 8 }}>
                  <CopyButton label={file.path} text={file.content} visibleText={`Copy ${file.path}`} />
                </div>
                <CodeView text={file.content} language="hcl" label={`Contents of ${file.path}`} />
              </Stack>
            </div>
          </TabPanel>
        ))}
      </Tabs>
      {children}
    </Stack>
  );
}

function TerraformActions({ files, zipName }: { files: GeneratedFile[]; zipName: string }) {
  const [status, setStatus] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>();
  // A confirmation clears after a moment, like the other copy buttons', and at once when the files change.
  const content = joinFilesForCopy(files);
  useEffect(() => {
    clearTimeout(timer.current);
    setStatus('');
  }, [content]);
  useEffect(() => () => clearTimeout(timer.current), []);
  async function run(action: () => Promise<void>, done: string) {
    try {
      await action();
      setStatus(done);
    } catch (error) {
      setStatus(error instanceof Error ? error.message : String(error));
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus(''), STATUS_MS);
  }
  return (
    <Inline space="space.100" alignBlock="center">
      <Button onClick={() => run(() => copyText(content), 'Copied all files')}>Copy all</Button>
      <Button onClick={() => run(async () => saveBytes(zipName, await zipFiles(files), 'application/zip'), `Downloaded ${zipName}`)}>Download .zip</Button>
      <span role="status" style={{ fontSize: 12 }}>
        {status}
      </span>
    </Inline>
  );
}
