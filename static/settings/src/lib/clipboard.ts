// Clipboard writes: the Forge iframe grants clipboard-write (not read), so
// navigator.clipboard.writeText is the one supported path.
export async function copyText(text: string): Promise<void> {
  if (!navigator.clipboard?.writeText) {
    throw new Error('This browser does not allow copying here. Select the text and copy it by hand.');
  }
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // The browser's own reason ("Write permission denied", "Document is not focused") means nothing to an admin.
    throw new Error('Copying was not allowed here. Select the text and copy it by hand.');
  }
}
