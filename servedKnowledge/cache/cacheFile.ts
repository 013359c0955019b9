import * as fs from 'node:fs';
import * as path from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * The knowledge cache's file format, which knows nothing of knowledge: "HDKC", the header's
 * length, the length of the head (what a restart reads), the file's length (u32 each); the
 * header (JSON: the data with each typed array replaced by where its bytes are); each typed
 * array's bytes at an 8-byte aligned offset, so that reading it back is a view on the
 * head's bytes, not a copy; then the bytes left on disk (`OnDisk`), read when asked for.
 */

const MAGIC = 'HDKC';
const PREAMBLE = 16;
const ARRAYS = { Uint8Array, Uint32Array, Float32Array };
type ArrayKind = keyof typeof ARRAYS;
interface ArrayPlace { $array: ArrayKind; offset: number; length: number }

/** Bytes written at the end of the file and read from it only when asked for. */
export class OnDisk {
  constructor(readonly bytes: Uint8Array) {}
}

/** Where such bytes are in the file, once read back. */
export interface DiskPlace {
  $disk: number;
  length: number;
}

const align = (n: number) => Math.ceil(n / 8) * 8;

/** The part of a cache file a restart reads, and which file it was read from. */
export interface CacheHead {
  file: string;
  head: Uint8Array;
  /** The file as it was read: its later reads must find the very same file. */
  identity: string;
}

const identityOf = (stat: fs.Stats) => `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;

/** `length` bytes of the file from `position`; fewer only at its end. */
function readAt(fd: number, length: number, position: number): Buffer {
  // Not from Node's shared pool: the head is handed to another thread.
  const bytes = Buffer.allocUnsafeSlow(length);
  let read = 0;
  for (let n = -1; read < length && n !== 0; read += n) n = fs.readSync(fd, bytes, read, length - read, position + read);
  return read < length ? bytes.subarray(0, read) : bytes;
}

/** The same without blocking: what a turn reads of the bytes left on disk. */
export async function readLater(fd: number, length: number, position: number): Promise<Buffer> {
  const bytes = Buffer.alloc(length);
  let read = 0;
  for (let n = -1; read < length && n !== 0; read += n) {
    n = await new Promise<number>((resolve, reject) => fs.read(fd, bytes, read, length - read, position + read, (error, count) => (error ? reject(error) : resolve(count))));
  }
  return read < length ? bytes.subarray(0, read) : bytes;
}

/** Reads what a restart needs of the cache file; undefined when there is no readable cache. */
export function readCacheHead(file: string): CacheHead | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const stat = fs.fstatSync(fd);
    const preamble = readAt(fd, PREAMBLE, 0);
    const [headLength, fileLength] = [preamble.readUInt32LE(8), preamble.readUInt32LE(12)];
    if (preamble.toString('latin1', 0, MAGIC.length) !== MAGIC || fileLength !== stat.size || headLength > fileLength) return undefined;
    return { file, head: readAt(fd, headLength, 0), identity: identityOf(stat) };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

const closing = new FinalizationRegistry<number>((fd) => fs.close(fd, () => undefined));

/** Closes the file once `owner`, what reads from it, is no longer in use (after a reload). */
export function closeWhenUnused(owner: object, fd: number): void {
  closing.register(owner, fd);
}

/**
 * A descriptor on the file the head was read from, from which the bytes left on disk are
 * read: still that file when a newer cache replaces it. Undefined when it is gone or was replaced.
 */
export function openSameFile({ file, identity }: CacheHead): number | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    if (identityOf(fs.fstatSync(fd)) === identity) return fd;
  } catch {
    // Gone since its head was read.
  }
  if (fd !== undefined) fs.closeSync(fd);
  return undefined;
}

/** Writes the data atomically: a crash mid-write leaves the previous file or none. */
export function writeCacheFile(file: string, data: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  removeAbandonedWrites(file);
  const temporary = `${file}.${process.pid}.${threadId}.tmp`;
  try {
    fs.writeFileSync(temporary, pack(data));
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** Temporary files of processes that died while writing the cache (one instance per data folder). */
function removeAbandonedWrites(file: string): void {
  const prefix = `${path.basename(file)}.`;
  for (const name of fs.readdirSync(path.dirname(file))) {
    const pid = name.startsWith(prefix) && name.endsWith('.tmp') ? Number(name.slice(prefix.length).split('.')[0]) : NaN;
    if (pid && pid !== process.pid) fs.rmSync(path.join(path.dirname(file), name), { force: true });
  }
}

function pack(data: unknown): Buffer {
  const arrays: Uint8Array[] = [];
  const leftOnDisk: Uint8Array[] = [];
  let offset = 0;
  let diskOffset = 0;
  const header = JSON.stringify(data, (_, value) => {
    if (value instanceof OnDisk) {
      leftOnDisk.push(value.bytes);
      const place: DiskPlace = { $disk: diskOffset, length: value.bytes.length };
      diskOffset += value.bytes.length;
      return place;
    }
    if (!ArrayBuffer.isView(value)) return value;
    const kind = (Object.keys(ARRAYS) as ArrayKind[]).find((name) => value instanceof ARRAYS[name]);
    if (!kind) throw new Error(`cannot store a ${value.constructor.name}`);
    const place: ArrayPlace = { $array: kind, offset, length: (value as Uint8Array).length };
    arrays.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    offset = align(offset + value.byteLength);
    return place;
  });
  const headerBytes = Buffer.from(header, 'utf8');
  const start = align(PREAMBLE + headerBytes.length);
  const headLength = start + offset;
  const file = Buffer.alloc(headLength + diskOffset);
  file.write(MAGIC, 0, 'latin1');
  file.writeUInt32LE(headerBytes.length, 4);
  file.writeUInt32LE(headLength, 8);
  file.writeUInt32LE(file.length, 12);
  headerBytes.copy(file, PREAMBLE);
  let at = start;
  for (const bytes of arrays) {
    file.set(bytes, at);
    at = align(at + bytes.length);
  }
  at = headLength;
  for (const bytes of leftOnDisk) {
    file.set(bytes, at);
    at += bytes.length;
  }
  return file;
}

/** The data of a head, its typed arrays views on the head's bytes; throws when it is not one. */
export function unpack(head: Uint8Array): unknown {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const headerLength = bytes.readUInt32LE(4);
  const headLength = bytes.readUInt32LE(8);
  // Typed arrays must be aligned on their ArrayBuffer: copied when the head is not.
  const aligned = head.byteOffset % 8 === 0 ? head : new Uint8Array(head);
  const start = aligned.byteOffset + align(PREAMBLE + headerLength);
  return JSON.parse(bytes.toString('utf8', PREAMBLE, PREAMBLE + headerLength), (_, value) => {
    if (typeof value?.$disk === 'number') return { ...value, $disk: headLength + value.$disk };
    if (typeof value?.$array !== 'string') return value;
    const place = value as ArrayPlace;
    return new ARRAYS[place.$array](aligned.buffer as ArrayBuffer, start + place.offset, place.length);
  });
}
