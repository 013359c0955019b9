import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { APP_DIR, AppManifest, buildAppPackage, checkIcons, validateManifest, ZIP_NAME } from '../../appPackage/build';
import { crc32 } from '../../appPackage/crc32';
import { SEARCH_COMMAND } from '../../bot/teamsSearch';
import { colorIcon, outlineIcon } from '../../appPackage/make-icons';
import { decodePng, encodePng, Image } from '../../appPackage/png';
import { tempDir } from '../tempDir';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const DOMAIN = 'helpdesk.example.test';

/** Reads a zip through its central directory, as Teams does, checking every entry's sizes and CRC. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  assert.equal(at + zip.readUInt32LE(end + 12), end, 'central directory size and offset');
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory header signature');
    const method = zip.readUInt16LE(at + 10);
    const [crc, compressedSize, size] = [16, 20, 24].map((o) => zip.readUInt32LE(at + o));
    const [nameLength, extraLength, commentLength] = [28, 30, 32].map((o) => zip.readUInt16LE(at + o));
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    assert.equal(zip.readUInt32LE(local), 0x04034b50, `${name}: local header signature`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const stored = zip.subarray(start, start + compressedSize);
    assert.ok(method === 0 || method === 8, `${name}: compression method ${method}`);
    const data = method === 8 ? zlib.inflateRawSync(stored) : stored;
    assert.equal(data.length, size, `${name}: size`);
    assert.equal(crc32(data), crc, `${name}: CRC`);
    files.set(name, data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

function readTemplate(): AppManifest {
  return JSON.parse(fs.readFileSync(path.join(APP_DIR, 'manifest.json'), 'utf8'));
}

function icon(name: string): Image {
  return decodePng(fs.readFileSync(path.join(APP_DIR, name)));
}

describe('Teams app package', () => {
  let tmp: string;
  let built: { zipPath: string; manifest: AppManifest };

  before(async () => {
    tmp = tempDir('app-package');
    built = await buildAppPackage({ appId: APP_ID, botDomain: DOMAIN, env: {}, outDir: tmp });
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  describe('manifest', () => {
    it('the template declares a bundled schema version and leaves the app id and domain to the build', () => {
      const template = readTemplate();
      assert.equal(template.$schema, `https://developer.microsoft.com/json-schemas/teams/v${template.manifestVersion}/MicrosoftTeams.schema.json`);
      assert.ok(Number(template.manifestVersion) >= 1.17);
      assert.equal(template.id, '${{MICROSOFT_APP_ID}}');
      assert.equal(template.bots?.[0].botId, '${{MICROSOFT_APP_ID}}');
      assert.deepEqual(template.validDomains, ['${{BOT_DOMAIN}}']);
    });

    it('the built manifest validates against the schema', () => {
      assert.deepEqual(validateManifest(built.manifest), []);
      assert.equal(built.manifest.id, APP_ID);
      assert.equal(built.manifest.bots?.[0].botId, APP_ID);
      assert.deepEqual(built.manifest.validDomains, [DOMAIN]);
    });

    it('offers verbs as commands (help everywhere; registering escalations in teams and group chats), not sample codes', () => {
      const bot = built.manifest.bots![0] as unknown as { scopes: string[]; supportsFiles: boolean; commandLists: { scopes: string[]; commands: { title: string }[] }[] };
      assert.deepEqual(bot.scopes, ['personal', 'team', 'groupChat']);
      assert.equal(bot.supportsFiles, true, 'log files can be shared with the bot');
      const commandsIn = (scope: string) => bot.commandLists.filter((list) => list.scopes.includes(scope)).flatMap((list) => list.commands.map((c) => c.title));
      assert.deepEqual(commandsIn('personal'), ['help']);
      for (const scope of ['team', 'groupChat']) assert.deepEqual(commandsIn(scope), ['help', 'register escalations here', 'stop escalations here'], scope);
      // Every command is something the bot acts on, not an example of a question.
      for (const title of commandsIn('team')) assert.match(title, /^(help|register escalations here|stop escalations here)$/);
    });

    it('searches the knowledge from the compose box and unfurls links to its own article pages', () => {
      const [extension] = built.manifest.composeExtensions as unknown as Array<{ botId: string; commands: Array<{ id: string; type: string; parameters: Array<{ name: string }> }>; messageHandlers: Array<{ type: string; value: { domains: string[] } }> }>;
      assert.equal(extension.botId, APP_ID);
      assert.deepEqual(extension.commands.map((c) => [c.id, c.type, c.parameters.map((p) => p.name)]), [[SEARCH_COMMAND, 'query', ['query']]]);
      assert.deepEqual(extension.messageHandlers, [{ type: 'link', value: { domains: [DOMAIN] } }]);
    });

    it('rejects a bot without botId, naming the field', () => {
      const manifest = structuredClone(built.manifest);
      delete (manifest.bots![0] as Partial<{ botId: string }>).botId;
      const errors = validateManifest(manifest);
      assert.ok(errors.some((e) => e.startsWith('/bots/0 ') && e.includes('botId')), errors.join('\n'));
    });

    it('rejects an app id that is not a GUID, naming the field', () => {
      const errors = validateManifest({ ...built.manifest, id: 'helpdesk-bot' });
      assert.ok(errors.some((e) => e.startsWith('/id ') && e.includes('pattern')), errors.join('\n'));
    });

    it('rejects an unknown field, naming it', () => {
      const errors = validateManifest({ ...built.manifest, botName: 'x' });
      assert.ok(errors.some((e) => e.startsWith('/ ') && e.includes("'botName'")), errors.join('\n'));
    });

    it('rejects a placeholder nobody filled in, and a manifest version with no bundled schema', () => {
      const unfilled = validateManifest({ ...built.manifest, validDomains: ['${{BOT_DOMAIN}}'] });
      assert.deepEqual(unfilled, ['/validDomains/0 still holds the placeholder ${{BOT_DOMAIN}}']);
      const unknown = validateManifest({ ...built.manifest, manifestVersion: '9.99' });
      assert.ok(unknown[0].startsWith('/manifestVersion '), unknown.join('\n'));
    });

    it('takes developer details from the environment', async () => {
      const env = { DEVELOPER_NAME: 'Contoso IT', DEVELOPER_PRIVACY_URL: 'https://contoso.example/privacy' };
      const { manifest } = await buildAppPackage({ appId: APP_ID, botDomain: DOMAIN, env, outDir: tmp });
      assert.equal(manifest.developer.name, 'Contoso IT');
      assert.equal(manifest.developer.privacyUrl, 'https://contoso.example/privacy');
      assert.equal(manifest.developer.websiteUrl, readTemplate().developer.websiteUrl);
    });
  });

  describe('icons', () => {
    it('color.png is 192x192 and opaque, outline.png 32x32 white on transparent', () => {
      assert.deepEqual(checkIcons(built.manifest), []);
      const color = icon('color.png');
      assert.deepEqual([color.width, color.height], [192, 192]);
      assert.ok(color.data.every((v, i) => i % 4 !== 3 || v === 255), 'color icon is opaque');
      const outline = icon('outline.png');
      assert.deepEqual([outline.width, outline.height], [32, 32]);
      for (let i = 0; i < outline.data.length; i += 4) {
        const [r, g, b, a] = outline.data.subarray(i, i + 4);
        assert.ok(a === 0 || (r === 255 && g === 255 && b === 255), `outline pixel ${i / 4} is ${[r, g, b, a]}`);
      }
      assert.ok(outline.data.some((v, i) => i % 4 === 3 && v === 255), 'outline icon draws something');
    });

    it('the committed icons are what make-icons draws (run npm run app:icons after changing it)', () => {
      assert.deepEqual(icon('color.png'), colorIcon(readTemplate().accentColor as string));
      assert.deepEqual(icon('outline.png'), outlineIcon());
    });

    it('rejects icons of the wrong size and an outline that is not white', () => {
      const dir = fs.mkdtempSync(path.join(tmp, 'icons-'));
      const solid = (size: number, rgba: number[]): Image => {
        const data = new Uint8Array(size * size * 4);
        for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
        return { width: size, height: size, data };
      };
      fs.writeFileSync(path.join(dir, 'color.png'), encodePng(solid(96, [31, 95, 173, 255])));
      fs.writeFileSync(path.join(dir, 'outline.png'), encodePng(solid(32, [31, 95, 173, 255])));
      const problems = checkIcons(built.manifest, dir);
      assert.equal(problems.length, 2, problems.join('\n'));
      assert.match(problems[0], /^\/icons\/color \(color\.png\) is 96x96, Teams needs 192x192$/);
      assert.match(problems[1], /^\/icons\/outline \(outline\.png\) has 1024 pixels that are neither white nor transparent/);
    });
  });

  describe('zip', () => {
    it('computes the standard CRC-32', () => {
      assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    });

    it('holds exactly manifest.json, color.png and outline.png at the root, with the app id filled in', () => {
      assert.equal(path.basename(built.zipPath), ZIP_NAME);
      const files = unzip(fs.readFileSync(built.zipPath));
      assert.deepEqual([...files.keys()].sort(), ['color.png', 'manifest.json', 'outline.png']);
      const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
      assert.equal(manifest.id, APP_ID);
      assert.equal(manifest.bots[0].botId, APP_ID);
      assert.deepEqual(validateManifest(manifest), []);
      assert.ok(files.get('color.png')!.equals(fs.readFileSync(path.join(APP_DIR, 'color.png'))));
      assert.ok(files.get('outline.png')!.equals(fs.readFileSync(path.join(APP_DIR, 'outline.png'))));
    });
  });

  describe('app id and domain', () => {
    it('a missing app id is a clear error that says how to give one', async () => {
      await assert.rejects(buildAppPackage({ botDomain: DOMAIN, env: {}, outDir: tmp }), /No Microsoft app id: set MicrosoftAppId .* or pass --app-id <guid>/);
    });

    it('an app id that is not a GUID, and a missing domain, are clear errors', async () => {
      await assert.rejects(buildAppPackage({ appId: 'my-bot', botDomain: DOMAIN, env: {}, outDir: tmp }), /"my-bot" is not a GUID/);
      await assert.rejects(buildAppPackage({ appId: APP_ID, env: {}, outDir: tmp }), /No bot domain: set BOT_DOMAIN/);
    });

    it('reads both from the environment, and takes the host of an endpoint URL', async () => {
      const env = { MicrosoftAppId: APP_ID, BOT_DOMAIN: `https://${DOMAIN}/api/messages` };
      const { manifest } = await buildAppPackage({ env, outDir: tmp });
      assert.equal(manifest.id, APP_ID);
      assert.deepEqual(manifest.validDomains, [DOMAIN]);
    });

    describe('npm run app:package', () => {
      const cli = path.resolve(__dirname, '../../appPackage/build.js');
      const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'MicrosoftAppId' && name !== 'BOT_DOMAIN'));
      const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: tmp, env, encoding: 'utf8' });

      it('fails with the message alone when the app id is missing', () => {
        const result = run('--domain', DOMAIN, '--out', tmp);
        assert.equal(result.status, 1);
        assert.match(result.stderr, /^No Microsoft app id: .*--app-id <guid>\.\n$/);
      });

      it('builds with --app-id and --domain', () => {
        const out = path.join(tmp, 'cli');
        const result = run('--app-id', APP_ID, '--domain', DOMAIN, '--out', out);
        assert.equal(result.status, 0, result.stderr);
        const manifest = JSON.parse(unzip(fs.readFileSync(path.join(out, ZIP_NAME))).get('manifest.json')!.toString('utf8'));
        assert.equal(manifest.id, APP_ID);
      });
    });
  });
});
