// Clipboard writes: the Forge iframe grants clipboard-write (not read), so
// navigator.clipboard.writeText is the one supported path.
export async function copyText(text: string): Promise<void> {
  if (!navigator.clipboard?.writeText) {
    throw new Error('This browser does not allow copying here. Select the text and copy it by hand.');
  }
  await navigator.clipboard.writeText(text);
}
