import * as fs from 'node:fs';

/**
 * A Dockerfile read as far as the production install test needs it to mirror the image
 * outside Docker: its stages and, in each, its instructions with their arguments.
 */

export interface Instruction {
  /** Upper case: FROM, COPY, RUN, ENV... */
  keyword: string;
  /** The flags before the arguments (`--from=build`, `--mount=...`), by name without dashes. */
  flags: Record<string, string>;
  /** The rest of the line, as written. */
  text: string;
}

export interface Stage {
  name: string;
  image: string;
  instructions: Instruction[];
}

export function readDockerfile(file: string): Stage[] {
  const lines = fs.readFileSync(file, 'utf8').replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of lines.map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) {
    const instruction = parseInstruction(line);
    if (instruction.keyword === 'ARG' && stages.length === 0) {
      const [name, value = ''] = instruction.text.split('=');
      args[name] = value;
    } else if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.text.split(/\s+/);
      const resolved = image.replace(/\$\{(\w+)\}/g, (_, arg: string) => args[arg] ?? '');
      stages.push({ name: as?.toUpperCase() === 'AS' ? name : String(stages.length), image: resolved, instructions: [] });
    } else {
      if (stages.length === 0) throw new Error(`${instruction.keyword} before FROM`);
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}

function parseInstruction(line: string): Instruction {
  const [, keyword, rest] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
  if (!keyword) throw new Error(`not an instruction: ${line}`);
  const flags: Record<string, string> = {};
  let text = rest;
  for (let flag = /^--([\w-]+)=(\S+)\s+/.exec(text); flag; flag = /^--([\w-]+)=(\S+)\s+/.exec(text)) {
    flags[flag[1]] = flag[2];
    text = text.slice(flag[0].length);
  }
  return { keyword: keyword.toUpperCase(), flags, text };
}

/** The arguments of an exec-form instruction (CMD, VOLUME, HEALTHCHECK CMD): a JSON array. */
export function execForm(text: string): string[] {
  const form = JSON.parse(text) as unknown;
  if (!Array.isArray(form) || !form.every((part) => typeof part === 'string')) throw new Error(`not the exec form: ${text}`);
  return form;
}

/** ENV's `KEY=value KEY2=value2` (values without spaces or quotes, which this Dockerfile keeps to). */
export function envPairs(text: string): Record<string, string> {
  return Object.fromEntries(text.split(/\s+/).map((pair) => {
    const match = /^(\w+)=([^"'\s]*)$/.exec(pair);
    if (!match) throw new Error(`ENV pair not understood: ${pair}`);
    return [match[1], match[2]];
  }));
}
