/**
 * What a log or monitoring tool writes before a message: timestamp, level, source,
 * process id, the path of the program or file. None of it is the message, and its rare
 * words (a host name, a pid) would outweigh the message's in the search. Pure
 * functions; every pattern is anchored at the start and bounded, so a line costs
 * microseconds whatever it holds.
 */

const TIMESTAMPS = [
  // 2024-03-05 10:22:33,123  2024-03-05T10:22:33.123Z  2024-03-05 10:22:33 +01:00
  /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d)?(?:[.,]\d{1,9})?(?:\s?Z|\s?[+-]\d\d:?\d\d)?/,
  // 03/05/2024 10:22:33 PM  5.3.2024 10:22
  /^\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?(?:\s+\d{1,2}:\d\d(?::\d\d)?(?:[.,]\d{1,9})?(?:\s?[AP]M)?)?/i,
  // Mar  5 10:22:33 (syslog)
  /^[A-Z][a-z]{2}\s{1,2}\d{1,2}\s+\d\d:\d\d:\d\d/,
  // 10:22:33.123
  /^\d\d:\d\d:\d\d(?:[.,]\d{1,9})?/,
];

/** Levels as words, or one capital letter as compact formats write them ("E", "W"). */
const LEVEL = /^(?:(?:trace|debug|info|information|notice|warn|warning|error|err|fatal|critical|crit|severe|alert|emerg)(?![\w.-])|[EWIDF](?=[\s:|]))/i;
/** Whether a word is a level ("ERROR", "warning"): a message may start with one that a log line's prefix stripping took. */
export function isLevelWord(word: string): boolean {
  return LEVEL.exec(word)?.[0].length === word.length;
}

/** [W3SVC], <SQLAgent>, (MSExchangeIS), {thread 12}: a source or thread in brackets. */
const BRACKETED = /^(?:\[[^\]\n]{0,80}\]|<[^>\n]{0,80}>|\([^)\n]{0,60}\)|\{[^}\n]{0,60}\})(?=[\s:|,;-])/;
/** "Service Control Manager (PID 4312)": a source of a few words, up to the process id after it. */
const SOURCE_BEFORE_PID = /^[A-Za-z][\w .-]{0,40}?\s(?:\((?:pid|process)\s?[=:]?\s?\d+\)|(?:pid|tid)\s?[=:]\s?\d+|\[\d+(?::\d+)*\])/i;
/** pid=4312, PID:4312, tid 12, [4312:12] (pid:thread), #12. */
const PROCESS_ID = /^(?:(?:pid|tid|process|thread)\s?[=:#]?\s?\d+|\[\d+(?::\d+)*\]|#\d+)/i;
/** C:\WINNT\system32\x.exe:  /var/log/app.log:  \\FS01\share\setup.log:  (ending in a colon) */
const PATH = /^(?:[A-Za-z]:\\|\\\\|\/)[^\s:]{0,200}(?::\d+)?:/;
/**
 * srv01.corp.example.com, app.worker: a dotted name in a timestamped prefix (without one,
 * "Iissync.exe:" may be what the message is about). A program or file name is the
 * message's subject ("Guide.exe caused an invalid page fault"), never its source.
 */
const DOTTED_NAME = /^[A-Za-z][\w-]*(?:\.[\w-]+)+(?=[\s:])/;
const FILE_NAME = /^[^.\s]+\.(?:exe|dll|sys|ocx|drv|vxd|cpl|com|bat|cmd|msi|ini|inf|log|dat|txt|hlp|cnt)$/i;
const SEPARATORS = /^[\s|:,;>-]+/;

/** Most prefix parts stripped from one line: a prefix has a handful, a message never starts with more. */
const MAX_PARTS = 8;

/**
 * The message of a line copied from a log or a monitoring tool, without what the tool
 * put before it. A line that does not start like a log line (no timestamp, no level)
 * is returned as it is: a message may itself begin with a path or a bracket.
 */
export function logMessage(line: string): string {
  let rest = line.trimStart();
  const stamp = TIMESTAMPS.map((pattern) => pattern.exec(rest)).find(Boolean);
  if (stamp) rest = rest.slice(stamp[0].length).replace(SEPARATORS, '');
  const level = LEVEL.exec(rest);
  // "Error: the file was not found" is a message; "ERROR [W3SVC] ..." and "ERROR Iissync.exe: ..." log lines.
  const logLevel = level && (/^[A-Z]{3,}$/.test(level[0]) || /^[\s:|]+[[<({]/.test(rest.slice(level[0].length)));
  if (!stamp && !logLevel) return line.trim();
  // One level a line: "ERROR [w3wp] Fatal Error: Exception C0000005" keeps "Fatal Error: ...".
  let levelSeen = false;
  for (let parts = 0; parts < MAX_PARTS; parts++) {
    const levelPart: RegExpExecArray | null = levelSeen ? null : LEVEL.exec(rest);
    levelSeen ||= levelPart !== null;
    const part = levelPart ?? BRACKETED.exec(rest) ?? PROCESS_ID.exec(rest) ?? PATH.exec(rest)
      ?? SOURCE_BEFORE_PID.exec(rest) ?? (stamp ? hostOrSource(rest) : null);
    const next = part ? rest.slice(part[0].length).replace(SEPARATORS, '') : rest;
    // The message stays: the last part is never stripped, nor a bracket the line ends with.
    if (!part || next.length < 8) break;
    rest = next;
  }
  return rest.trim();
}

function hostOrSource(rest: string): RegExpExecArray | null {
  const dotted = DOTTED_NAME.exec(rest);
  return dotted && !FILE_NAME.test(dotted[0]) ? dotted : null;
}
