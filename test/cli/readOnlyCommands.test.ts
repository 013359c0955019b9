import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ask, formatResult } from '../../cli/ask';
import { buildReport } from '../../cli/report';
import { runChecks } from '../../cli/doctor/runChecks';
import { startApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { APPROVED_FOLDER } from '../../knowledge/sources/knowledgeSource';
import { PRINTER_KNOWLEDGE } from '../learning/printerKnowledge';
import { tempDir } from '../tempDir';

/** An entry a lead approved from a ticket, as the bot writes it into DATA_DIR. */
const APPROVED_ENTRY = `
entries:
  - id: ticket-hd-7
    system: Printers
    codes: []
    names: []
    title: Badge printer prints blank cards
    symptoms: [Badge cards come out of the badge printer blank]
    messages: [Ribbon out of ink]
    cause: The badge printer's ribbon is used up.
    resolution: [Put a new ribbon in the badge printer.]
    related: []
    keywords: []
`;

/** Every file and folder under `dir`, with its size and modification time. */
function listing(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort().map((name) => {
    const stat = fs.statSync(path.join(dir, name));
    return `${name} ${stat.isDirectory() ? 'dir' : stat.size} ${stat.mtimeMs}`;
  }).concat(`. ${fs.statSync(dir).mtimeMs}`);
}

/** A knowledge folder (KNOWLEDGE_PATH) and a data folder holding an approved entry. */
function knowledgeAndData(): { env: NodeJS.ProcessEnv; knowledge: string; dataDir: string } {
  const knowledge = tempDir('readonly-kb');
  fs.writeFileSync(path.join(knowledge, 'printers.yaml'), PRINTER_KNOWLEDGE);
  const dataDir = tempDir('readonly-data');
  fs.mkdirSync(path.join(dataDir, APPROVED_FOLDER));
  fs.writeFileSync(path.join(dataDir, APPROVED_FOLDER, 'ticket-hd-7.yaml'), APPROVED_ENTRY);
  return { env: { KNOWLEDGE_PATH: knowledge, DATA_DIR: dataDir }, knowledge, dataDir };
}

describe('read-only commands (ask, report, doctor) beside the bot', () => {
  it('ask answers what the bot answers: KNOWLEDGE_PATH and the entries leads approved in DATA_DIR', async () => {
    const { env } = knowledgeAndData();
    const config = readConfig(env);
    const said: string[] = [];
    const questions = ['Paper jam in tray 2', 'Ribbon out of ink', 'what is MIS_3'];
    const before = await Promise.all(questions.map((question) => ask(config, question, (line) => said.push(line))));
    assert.match(said[0], /not current: the knowledge was read and indexed in memory for this command, and not written/);
    const app = await startApp({ ...config, port: 0, microsoftAppId: '', microsoftAppPassword: '' });
    try {
      const served = await Promise.all(questions.map(async (question) => formatResult(await app.helpDesk().withDetails(app.helpDesk().match(question)))));
      assert.deepEqual(before, served);
      assert.match(served[0], /paper jam in the input tray/);
      assert.match(served[1], /Printers: Badge printer prints blank cards/);
      said.length = 0;
      assert.deepEqual(await Promise.all(questions.map((question) => ask(config, question, (line) => said.push(line)))), served, 'read from the bot\'s cache');
      assert.deepEqual(said, [], 'the cache the bot wrote is current');
    } finally {
      await app.close();
    }
  });

  it('write nothing: the data and knowledge folders are unchanged, and a running bot\'s temporary file stays', async () => {
    const { env, knowledge, dataDir } = knowledgeAndData();
    const config = readConfig(env);
    const app = await startApp({ ...config, port: 0, microsoftAppId: '', microsoftAppPassword: '' });
    await app.close();
    // The cache goes stale, and a bot is writing its new one.
    const edited = path.join(knowledge, 'printers.yaml');
    fs.writeFileSync(edited, `${PRINTER_KNOWLEDGE}\n`);
    fs.writeFileSync(path.join(dataDir, `knowledge-cache.bin.${process.pid + 1}.0.tmp`), 'being written');
    const missingData = path.join(tempDir('readonly-none'), 'data');
    for (const dirs of [{ dataDir, env }, { dataDir: missingData, env: { ...env, DATA_DIR: missingData } }]) {
      const before = [listing(dirs.dataDir), listing(knowledge)];
      const said: string[] = [];
      const say = (line: string) => said.push(line);
      assert.match(await ask(readConfig(dirs.env), 'Paper jam in tray 2', say), /paper jam/);
      await buildReport(readConfig(dirs.env), say);
      const findings = await runChecks({ env: dirs.env });
      assert.ok(findings.length);
      assert.deepEqual([listing(dirs.dataDir), listing(knowledge)], before);
      assert.equal(said.length, 2, 'ask and report each say the knowledge was built in memory');
    }
    assert.ok(!fs.existsSync(missingData), 'a DATA_DIR not there stays not there');
  });
});
