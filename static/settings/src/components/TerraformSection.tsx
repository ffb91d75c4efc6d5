// Section 2: the generated Terraform, one tab per file, with copy and download.
import { memo } from 'react';
import type { GeneratedFile } from '@app/core/types';
import { TerraformFiles } from './TerraformFiles';

export const ZIP_FILE_NAME = 'chainguard-oidc-terraform.zip';

// Memoised: its props rarely change while the admin types elsewhere on the page.
// `pending`: what to say while there is nothing to show (names the field to fix).
export const TerraformSection = memo(function TerraformSection({ files, pending }: { files: GeneratedFile[] | null; pending: string }) {
  if (!files) {
    return <p>{pending}</p>;
  }
  return (
    <TerraformFiles files={files} zipName={ZIP_FILE_NAME} tabsId="terraform-files">
      <WhatToRun />
    </TerraformFiles>
  );
});

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
