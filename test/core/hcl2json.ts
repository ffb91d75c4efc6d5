// Reads generated HCL back with @cdktf/hcl2json (HashiCorp's parser compiled
// to WASM). Its JSON uses Terraform's JSON syntax, where a literal "${" is
// written "$${" and "%{" is "%%{"; asJsonString gives that form of a value.
// Block labels are not templates: hcl2json shows them as their plain value.
import { parse } from '@cdktf/hcl2json';

export async function readHcl(file: string, content: string): Promise<Record<string, unknown>> {
  return (await parse(file, content)) as Record<string, unknown>;
}

/** How hcl2json shows the literal string `value` (left-to-right, like HCL's own escaping). */
export function asJsonString(value: string): string {
  return value.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
