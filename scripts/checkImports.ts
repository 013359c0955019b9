/*
 * npm run check:imports: the shape rules of the tree, over every product source file (every
 * .ts outside test/, node_modules and dist, bench/ and cli/ included). Fails, one line per
 * finding, on an import cycle, a Bot Framework package imported outside bot/ and
 * localChat/, a package's private path (lib/, dist/, src/), a file over 400 lines, or a
 * folder with over 12 entries (its .ts files and its subfolders).
 *
 * Usage: node dist/scripts/checkImports.js [root]   (root: the repository by default)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const MAX_LINES = 400;
const MAX_ENTRIES = 12;
/** Folders that are not product source, at any depth. */
const SKIPPED = new Set(['node_modules', 'dist', 'test']);
/** The only folders that may import the Bot Framework SDK: the adapter and the Direct Line emulation. */
const BOT_FRAMEWORK_FOLDERS = ['bot/', 'localChat/'];
const BOT_FRAMEWORK = /^(botbuilder|botframework-)/;
/** A path inside a package rather than what it exports ("botframework-connector/lib/auth/x"). */
const PRIVATE_PATH = /^(@[^/]+\/)?[^/@.][^/]*\/(lib|dist|src)\//;

export interface ImportReport {
  /** One line per finding, each naming the file or folder. */
  findings: string[];
  summary: string;
}

interface Tree {
  /** Source files by path relative to the root, with "/" separators. */
  files: string[];
  /** Folder (relative, "" for the root) → its entries that count: .ts files and subfolders. */
  entries: Map<string, number>;
}

export function checkImports(root: string): ImportReport {
  const tree = readTree(root);
  const known = new Set(tree.files);
  const graph = new Map<string, string[]>();
  const findings: string[] = [];
  let imports = 0;
  for (const file of tree.files) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > MAX_LINES) findings.push(`${file}: ${lines} lines (limit ${MAX_LINES})`);
    const targets: string[] = [];
    for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
      imports++;
      if (specifier.startsWith('.')) {
        const target = resolve(known, file, specifier);
        if (target && !targets.includes(target)) targets.push(target);
        continue;
      }
      if (BOT_FRAMEWORK.test(specifier) && !BOT_FRAMEWORK_FOLDERS.some((folder) => file.startsWith(folder))) {
        findings.push(`${file}: imports ${specifier} (the Bot Framework only in ${BOT_FRAMEWORK_FOLDERS.join(' and ')})`);
      }
      if (PRIVATE_PATH.test(specifier)) findings.push(`${file}: imports ${specifier} (a package's private path; use what it exports)`);
    }
    graph.set(file, targets);
  }
  for (const [folder, count] of tree.entries) {
    if (folder && count > MAX_ENTRIES) findings.push(`${folder}/: ${count} entries (limit ${MAX_ENTRIES})`);
  }
  const cycles = findCycles(graph);
  for (const cycle of cycles) findings.push(`cycle: ${cycle.join(' -> ')}`);
  const folders = [...tree.entries.keys()].filter(Boolean).length;
  const verdict = findings.length ? `${findings.length} finding${findings.length === 1 ? '' : 's'}` : 'nothing to report';
  const summary = `${tree.files.length} files, ${folders} folders, ${imports} imports: ${cycles.length ? `${cycles.length} cycle${cycles.length === 1 ? '' : 's'}` : 'no cycle'}; ${verdict}`;
  return { findings, summary };
}

function readTree(root: string): Tree {
  const files: string[] = [];
  const entries = new Map<string, number>();
  const walk = (folder: string): void => {
    let count = 0;
    let hasSource = false;
    for (const entry of fs.readdirSync(path.join(root, folder), { withFileTypes: true })) {
      const relative = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) {
        if (SKIPPED.has(entry.name)) continue;
        count++;
        walk(relative);
      } else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        count++;
        hasSource = true;
        files.push(relative);
      }
    }
    // Folders of data only (templates, questions, pictures) hold no source to arrange.
    if (hasSource) entries.set(folder, count);
  };
  walk('');
  return { files: files.sort(), entries };
}

/** The source file a relative import names, or undefined for JSON, JavaScript and what is outside the tree. */
function resolve(known: Set<string>, from: string, specifier: string): string | undefined {
  const base = path.posix.join(path.posix.dirname(from), specifier);
  return [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => known.has(candidate));
}

/** One cycle per strongly connected component of more than one file (or a file importing itself), each written from its first file back to it. */
function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  for (const component of stronglyConnected(graph)) {
    const members = new Set(component);
    const start = [...component].sort()[0];
    if (component.length === 1 && !graph.get(start)!.includes(start)) continue;
    cycles.push(pathBack(graph, members, start));
  }
  return cycles.sort((a, b) => a[0].localeCompare(b[0]));
}

/** A shortest path from `start` back to itself inside the component (breadth first). */
function pathBack(graph: Map<string, string[]>, members: Set<string>, start: string): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const file = queue.shift()!;
    for (const next of graph.get(file)!) {
      if (!members.has(next)) continue;
      if (next === start) {
        const cycle = [start];
        for (let at: string | undefined = file; at !== undefined && at !== start; at = cameFrom.get(at)) cycle.splice(1, 0, at);
        return [...cycle, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, file);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** Tarjan's algorithm, iterative (a long import chain would overflow the stack). */
function stronglyConnected(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { file: string; next: number }[] = [{ file: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const targets = graph.get(frame.file)!;
      if (frame.next < targets.length) {
        const target = targets[frame.next++];
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ file: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.file, Math.min(low.get(frame.file)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].file;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.file)!));
      }
      if (low.get(frame.file) === index.get(frame.file)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.file);
        components.push(component);
      }
    }
  }
  return components;
}

if (require.main === module) {
  const { findings, summary } = checkImports(path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..')));
  for (const finding of findings) console.log(finding);
  console.log(summary);
  process.exitCode = findings.length ? 1 : 0;
}
