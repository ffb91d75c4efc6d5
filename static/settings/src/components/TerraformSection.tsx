// Section 2: the generated Terraform, one tab per file, with copy and download.
import Button from '@atlaskit/button/new';
import { Inline, Stack } from '@atlaskit/primitives/compiled';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { memo, useEffect, useRef, useState } from 'react';
import type { GeneratedFile } from '@app/core/types';
import { copyText } from '../lib/clipboard';
import { joinFilesForCopy } from '../lib/copy-all';
import { saveBytes, zipFiles } from '../lib/zip-download';
import { CodeView } from './CodeView';
import { CopyButton } from './CopyButton';

export const ZIP_FILE_NAME = 'chainguard-oidc-terraform.zip';

/** How long "Copied all files" stays up (CopyButton uses the same). */
const STATUS_MS = 3000;

// Memoised: its props rarely change while the admin types elsewhere on the page.
// `pending`: what to say while there is nothing to show (names the field to fix).
export const TerraformSection = memo(function TerraformSection({ files, pending }: { files: GeneratedFile[] | null; pending: string }) {
  if (!files) {
    return <p>{pending}</p>;
  }
  return (
    <Stack space="space.150">
      <TerraformActions files={files} />
      {/* Opens on main.tf, the file that says what is created. */}
      <Tabs id="terraform-files" defaultSelected={Math.max(0, files.findIndex((file) => file.path === 'main.tf'))}>
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
      <WhatToRun />
    </Stack>
  );
});

function TerraformActions({ files }: { files: GeneratedFile[] }) {
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
      <Button onClick={() => run(() => copyText(joinFilesForCopy(files)), 'Copied all files')}>Copy all</Button>
      <Button
        onClick={() =>
          run(async () => saveBytes(ZIP_FILE_NAME, await zipFiles(files), 'application/zip'), `Downloaded ${ZIP_FILE_NAME}`)
        }
      >
        Download .zip
      </Button>
      <span role="status" style={{ fontSize: 12 }}>
        {status}
      </span>
    </Inline>
  );
}

function WhatToRun() {
  return (
    <div>
      <strong>What to run</strong>
      <ol>
        <li>
          Put the files in an empty folder and run <code>terraform init</code>.
        </li>
        <li>
          Run <code>terraform plan</code> (the Chainguard provider opens a browser to log you in) and check what it will create.
        </li>
        <li>
          Run <code>terraform apply</code>. It prints the identity ID as the <code>bitbucket-identity</code> output (also <code>terraform output -raw bitbucket-identity</code>): paste it in step 3.
        </li>
      </ol>
    </div>
  );
}
