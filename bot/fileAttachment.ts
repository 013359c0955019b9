/**
 * Log files shared in a Teams chat (the app declares `supportsFiles`): Teams sends the bot a
 * file download link, which it reads as it reads a paste. The link comes from the caller:
 * it is fetched only where Teams keeps files, with a timeout, no redirects, and a bound on
 * the bytes read.
 */

/** The attachment Teams sends for a file shared with the bot in a personal chat. */
export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
/** Kinds of file read as text; anything else is refused by name before it is fetched. */
const TEXT_FILE_TYPES = new Set(['log', 'txt', 'text', 'csv', 'json', 'xml', 'out', 'err', 'trace']);

export interface SharedFile {
  name: string;
  downloadUrl: string;
  fileType: string;
}

export interface FileDownloadPolicy {
  /** True while the bot runs without an app id: only files on this machine (tests, the Emulator). */
  anonymous: boolean;
  /** Host names allowed, exactly or as a suffix when written ".sharepoint.com" (FILE_DOWNLOAD_HOSTS). */
  hosts: string[];
  /** Most bytes read of a file; the rest is left unread, and the user told. */
  maxBytes: number;
  timeoutMs: number;
}

export const DEFAULT_FILE_HOSTS = ['.sharepoint.com'];

/** What reading a shared file gave: its text, or what to tell the user instead. */
export type FileReading = { text: string; note?: string } | { problem: string };

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** The first file Teams shared in this message, or undefined. */
export function sharedFileIn(attachments: unknown): SharedFile | undefined {
  if (!Array.isArray(attachments)) return undefined;
  for (const attachment of attachments) {
    if (attachment?.contentType !== FILE_DOWNLOAD_INFO) continue;
    const { downloadUrl, fileType } = (attachment.content ?? {}) as Record<string, unknown>;
    if (typeof downloadUrl !== 'string') continue;
    const name = typeof attachment.name === 'string' ? attachment.name.slice(0, 200) : 'the file';
    const type = typeof fileType === 'string' ? fileType : (name.split('.').pop() ?? '');
    return { name, downloadUrl, fileType: type.toLowerCase() };
  }
  return undefined;
}

/** Why the bot will not fetch this link, or undefined. */
export function downloadUrlProblem(downloadUrl: string, policy: Pick<FileDownloadPolicy, 'anonymous' | 'hosts'>): string | undefined {
  if (!URL.canParse(downloadUrl)) return 'the link to the file is not a URL';
  const url = new URL(downloadUrl);
  if (url.username || url.password) return 'the link to the file carries credentials';
  if (policy.anonymous) return LOOPBACK.test(url.hostname) ? undefined : 'the file is not on this machine, and the bot runs without an app id';
  if (url.protocol !== 'https:') return 'the link to the file is not https';
  const host = url.hostname.toLowerCase();
  const allowed = policy.hosts.some((h) => (h.startsWith('.') ? host.endsWith(h.toLowerCase()) : host === h.toLowerCase()));
  return allowed ? undefined : `files are read only from ${policy.hosts.join(', ')}`;
}

/** Downloads a shared file and reads it as text, within the policy's bounds. */
export async function readSharedFile(file: SharedFile, policy: FileDownloadPolicy): Promise<FileReading> {
  const label = `"${file.name}"`;
  if (!TEXT_FILE_TYPES.has(file.fileType)) return { problem: `I read text files (.log, .txt, .csv, .json, .xml); ${label} is not one.` };
  const problem = downloadUrlProblem(file.downloadUrl, policy);
  if (problem) return { problem: `I could not read ${label}: ${problem}.` };
  let bytes: Buffer;
  let complete: boolean;
  try {
    const response = await fetch(file.downloadUrl, { redirect: 'error', signal: AbortSignal.timeout(policy.timeoutMs) });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      return { problem: `I could not download ${label} (HTTP ${response.status}). Try again, or paste its lines.` };
    }
    ({ bytes, complete } = await readAtMost(response.body, policy.maxBytes));
  } catch {
    return { problem: `I could not download ${label} in time. Try again, or paste its lines.` };
  }
  const text = decodeText(bytes, complete);
  if (text === undefined) return { problem: `${label} is not text (it looks binary). Share the log as a .log or .txt file, or paste its lines.` };
  if (!text.trim()) return { problem: `${label} is empty.` };
  const note = complete ? undefined : `${label} is longer than ${Math.round(policy.maxBytes / 1024)} KB: I read its first ${Math.round(policy.maxBytes / 1024)} KB.`;
  return { text, ...(note ? { note } : {}) };
}

/** Reads a body up to `max` bytes and cancels the rest: a large file costs no more than its head. */
async function readAtMost(body: ReadableStream<Uint8Array>, max: number): Promise<{ bytes: Buffer; complete: boolean }> {
  const chunks: Buffer[] = [];
  let length = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { bytes: Buffer.concat(chunks, length), complete: true };
    chunks.push(Buffer.from(value));
    length += value.length;
    if (length > max) {
      await reader.cancel();
      return { bytes: Buffer.concat(chunks, length).subarray(0, max), complete: false };
    }
  }
}

/** UTF-8, or UTF-16 with its byte order mark (Windows tools write logs that way); undefined for binary. */
function decodeText(bytes: Buffer, complete: boolean): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2, bytes.length - (bytes.length % 2)).toString('utf16le');
  if (bytes.includes(0)) return undefined;
  // A cut file may end inside a character: the decoder's replacement at the very end is no sign of binary.
  const text = new TextDecoder('utf-8').decode(complete ? bytes : bytes.subarray(0, bytes.length - 3));
  const replaced = text.length ? (text.match(/\uFFFD/g)?.length ?? 0) / text.length : 0;
  return replaced > 0.01 ? undefined : text.replace(/^\uFEFF/, '');
}
