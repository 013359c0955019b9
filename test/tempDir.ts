import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Every folder the tests made in this process: removed when it exits, so that runs do not pile up in /tmp. */
const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // A folder still busy stays; the others go, and the run's result is not changed.
    }
  }
});

/** A new, empty folder under the system's temporary folder, named `helpdesk-<prefix>-…`. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `helpdesk-${prefix}-`));
  made.push(dir);
  return dir;
}
