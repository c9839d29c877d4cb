/**
 * The one place that turns text into a file the browser saves (backups, FHIR bundles, CSV). Text in parts (a large
 * CSV written a page at a time) becomes one file without being joined into one string first.
 */
export function downloadFile(fileName: string, text: string | readonly string[], mimeType: string): void {
  const url = URL.createObjectURL(new Blob(typeof text === 'string' ? [text] : [...text], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
