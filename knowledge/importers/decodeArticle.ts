const UTF8 = new TextDecoder('utf-8', { fatal: true });
const WINDOWS_1252 = new TextDecoder('windows-1252');

/**
 * The text of an article file: UTF-8 when the bytes are valid UTF-8, else Windows-1252
 * (the archive's few non-ASCII bytes are single 1252 characters such as ¶). Throws for a
 * binary file: NUL bytes, or control characters in more than a tenth of its start.
 */
export function decodeArticle(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new Error('empty file');
  if (bytes.includes(0)) throw new Error('binary file (NUL bytes)');
  const head = bytes.subarray(0, 4096);
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const byte = head[i];
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12) control++;
  }
  if (control > head.length / 10) throw new Error('binary file (control characters)');
  try {
    return UTF8.decode(bytes);
  } catch {
    return WINDOWS_1252.decode(bytes);
  }
}
