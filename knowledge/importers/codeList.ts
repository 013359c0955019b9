import type { CodeRow } from './parsedArticle';
import { referencesIn } from './quotedMessages';

/** Code lists: MIS_3 (SYNC_STATUS_CODE_SYNCKEY): message, then Explanation: and Resolution:. */

/** MIS_3 (SYNC_STATUS_CODE_SYNCKEY): message */
const CODE_LINE = /^([A-Z][A-Z0-9]*_\d+)\s*\(([A-Z][A-Z0-9_]*)\)\s*(?::\s*(.*))?$/;
const LABEL = /^(Explanation|Cause|Resolution|Action|Solution|Additional troubleshooting information):\s*(.*)$/i;
const EXPLAINS = new Set(['explanation', 'cause']);

/**
 * Codes listed as PREFIX_n (NAME): message, with Explanation and Resolution paragraphs
 * below. A paragraph belongs to the codes with a message listed since the last
 * paragraph: "MIS_4 ...: message / MIS_5 ...: message / Explanation: ..." explains both,
 * while codes listed bare (MIS_0, MIS_1) get none.
 */
export function codeList(lines: string[], own: string | undefined): CodeRow[] {
  const rows: CodeRow[] = [];
  let group: CodeRow[] = [];
  let labelled = false;
  let collecting: { label: string; targets: CodeRow[]; parts: string[] } | undefined;
  const flush = () => {
    if (!collecting) return;
    const text = collecting.parts.join(' ').replace(/\s+/g, ' ').trim();
    for (const row of text ? collecting.targets : []) attach(row, collecting.label, text, own);
    collecting = undefined;
  };
  for (const line of lines) {
    const text = line.trim();
    const code = text.includes('_') && text.includes('(') ? CODE_LINE.exec(text) : null;
    const label = code || !rows.length ? null : LABEL.exec(text);
    if (code) {
      flush();
      const row: CodeRow = { code: code[1], names: [code[2]], messages: [], resolution: [], references: [] };
      rows.push(row);
      if (labelled) group = [];
      labelled = false;
      if (code[3] !== undefined) {
        group.push(row);
        collecting = { label: 'message', targets: [row], parts: [code[3]] };
      }
    } else if (label) {
      flush();
      labelled = true;
      collecting = { label: label[1].toLowerCase(), targets: [...group], parts: [label[2]] };
    } else if (!text) {
      flush();
    } else {
      collecting?.parts.push(text);
    }
  }
  flush();
  return rows;
}

function attach(row: CodeRow, label: string, text: string, own: string | undefined) {
  if (label === 'message') {
    row.meaning = text;
    row.messages.push(text);
  } else if (EXPLAINS.has(label)) {
    row.explanation = row.explanation ? `${row.explanation} ${text}` : text;
  } else {
    row.resolution.push(text);
  }
  for (const number of referencesIn(text, own)) if (!row.references.includes(number)) row.references.push(number);
}
