// The exact text "Copy all" puts on the clipboard: every file under a `# <path>`
// comment line, files separated by one blank line, ending with a newline.
// `#` starts a comment in HCL, so the result can be pasted into a single .tf file.
import type { GeneratedFile } from '@app/core/types';

export function joinFilesForCopy(files: readonly GeneratedFile[]): string {
  return files.map((file) => `# ${file.path}\n${withFinalNewline(file.content)}`).join('\n');
}

function withFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
