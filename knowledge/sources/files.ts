import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KnowledgeIssue } from '../types';
import { isArticleFile, isKnowledgeFile, KINDS_READ } from './knowledgeSource';

/**
 * Which local files the knowledge comes from: listing and fingerprinting them needs none
 * of the parsers (a restart lists tens of thousands on a worker thread while it starts).
 */

/** A file the loader reads, as much as tells whether it changed. */
export interface SourceFile {
  file: string;
  size: number;
  mtimeMs: number;
}

/** Every file the file source of `paths` lists, sorted by path, with size and mtime to fingerprint them. */
export function listSourceFiles(paths: string[]): SourceFile[] {
  return paths.flatMap((p) => listFiles(p, []))
    .flatMap((file) => {
      try {
        const { size, mtimeMs } = fs.statSync(file);
        return [{ file, size, mtimeMs }];
      } catch {
        // Gone since it was listed: the loader will not read it either.
        return [];
      }
    })
    .sort((a, b) => compareNames(a.file, b.file));
}

/** knowledge/data in the source tree, whether running from dist/knowledge/sources or knowledge/sources/ (data is not copied to dist). */
export function defaultKnowledgeDir(): string {
  const compiled = path.basename(path.resolve(__dirname, '../..')) === 'dist';
  return path.resolve(__dirname, compiled ? '../../../knowledge/data' : '../data');
}

/** Paths as people know them: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

const isSourceFile = (name: string) => isKnowledgeFile(name) || isArticleFile(name);

const compareNames = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The knowledge and article files of a path: the file itself, or a folder's files recursively, in a stable order. */
export function listFiles(target: string, issues: KnowledgeIssue[]): string[] {
  const absolute = path.resolve(target);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    issues.push(unreadable(absolute, 'no such file or folder'));
    return [];
  }
  if (stat.isFile()) {
    if (isSourceFile(absolute)) return [absolute];
    issues.push(unreadable(absolute, `not ${KINDS_READ}`));
    return [];
  }
  return walk(absolute, issues);
}

function walk(dir: string, issues: KnowledgeIssue[]): string[] {
  let items: fs.Dirent[];
  try {
    items = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    issues.push(unreadable(dir, `cannot read the folder: ${(err as Error).message}`));
    return [];
  }
  // Hidden names are editor and OS leftovers (.#x.yaml locks, ._x.yaml), never knowledge.
  return items
    .filter((item) => !item.name.startsWith('.'))
    .sort((a, b) => compareNames(a.name, b.name))
    .flatMap((item) => {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) return walk(full, issues);
      return item.isFile() && isSourceFile(item.name) ? [full] : [];
    });
}

const unreadable = (file: string, message: string): KnowledgeIssue => ({ file: displayPath(file), message, severity: 'error' });
