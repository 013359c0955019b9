/*
 * appPackage/: the Teams app package: the manifest template and icons, and `npm run
 * app:package`, which fills in the app id and domain, checks the manifest against
 * Teams' rules and zips it (zip.ts, crc32.ts; icons drawn by png.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import Ajv04, { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { decodePng, Image } from './png';
import { createZip } from './zip';
import { processEnvironment } from '../server/config';

/** The source folder (manifest template, icons), also when this file runs compiled from dist/appPackage. */
export const APP_DIR = path.basename(path.dirname(__dirname)) === 'dist' ? path.resolve(__dirname, '../../appPackage') : __dirname;

export const ZIP_NAME = 'helpdesk-bot.zip';

/** The parts of a Teams app manifest this build reads; the schema checks the rest. */
export interface AppManifest {
  manifestVersion: string;
  id: string;
  version: string;
  name: { short: string; full?: string };
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  icons: { color: string; outline: string };
  bots?: { botId: string }[];
  composeExtensions?: { botId: string }[];
  validDomains?: string[];
  [field: string]: unknown;
}

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const PLACEHOLDER = /\$\{\{(\w+)\}\}/g;

const validators = new Map<string, ValidateFunction>();

/** The bundled schema for that manifest version: validation must work offline and match what the manifest declares. */
function schemaValidator(manifestVersion: string): ValidateFunction | undefined {
  const cached = validators.get(manifestVersion);
  if (cached) return cached;
  const schemas = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build/json-schemas/teams');
  const file = path.join(schemas, `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  if (!/^[\w.]+$/.test(manifestVersion) || !fs.existsSync(file)) return undefined;
  // The Teams schemas are draft-04; strictTypes is off because they put keywords such as maxItems where
  // no matching "type" is declared, which Ajv would otherwise log on every compile.
  const ajv = new Ajv04({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')));
  validators.set(manifestVersion, validate);
  return validate;
}

function describe(error: ErrorObject): string {
  const extra = error.keyword === 'additionalProperties' ? ` '${error.params.additionalProperty}'` : '';
  return `${error.instancePath || '/'} ${error.message}${extra}`;
}

function placeholdersLeft(value: unknown, pointer: string): string[] {
  if (typeof value === 'string') return [...value.matchAll(PLACEHOLDER)].map((m) => `${pointer} still holds the placeholder ${m[0]}`);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => placeholdersLeft(child, `${pointer}/${key}`));
  }
  return [];
}

/** Problems with a filled-in manifest, each naming the field as a JSON pointer; empty when it is valid. */
export function validateManifest(manifest: unknown): string[] {
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) return ['/ must be a JSON object'];
  const version = String((manifest as { manifestVersion?: unknown }).manifestVersion);
  const validate = schemaValidator(version);
  if (!validate) return [`/manifestVersion "${version}" has no schema bundled in @microsoft/app-manifest`];
  const errors = validate(manifest) ? [] : (validate.errors ?? []).map(describe);
  return [...new Set(errors)].concat(placeholdersLeft(manifest, ''));
}

const ICON_SIZES = { color: 192, outline: 32 } as const;

/** Problems with the icons the manifest names (size; the outline white on transparent), read from `dir`. */
export function checkIcons(manifest: AppManifest, dir: string = APP_DIR): string[] {
  const problems: string[] = [];
  for (const [kind, size] of Object.entries(ICON_SIZES) as [keyof typeof ICON_SIZES, number][]) {
    const file = manifest.icons?.[kind];
    if (typeof file !== 'string') continue;
    const where = `/icons/${kind} (${file})`;
    let image: Image;
    try {
      image = decodePng(fs.readFileSync(path.join(dir, file)));
    } catch (err) {
      problems.push(`${where}: ${(err as Error).message}`);
      continue;
    }
    if (image.width !== size || image.height !== size) {
      problems.push(`${where} is ${image.width}x${image.height}, Teams needs ${size}x${size}`);
    }
    if (kind === 'outline') {
      const off: number[] = [];
      for (let i = 0; i < image.width * image.height; i++) {
        const [r, g, b, a] = image.data.subarray(i * 4, i * 4 + 4);
        if (a > 0 && (r !== 255 || g !== 255 || b !== 255)) off.push(i);
      }
      if (off.length) {
        const [x, y] = [off[0] % image.width, Math.floor(off[0] / image.width)];
        problems.push(`${where} has ${off.length} pixels that are neither white nor transparent (the first at ${x},${y}); Teams needs white on transparent`);
      }
    }
  }
  return problems;
}

export interface BuildOptions {
  /** The bot's Microsoft Entra app id; defaults to env MicrosoftAppId. */
  appId?: string;
  /** The host the bot is served from (a URL also works: its host is taken); defaults to env BOT_DOMAIN. */
  botDomain?: string;
  /** Also read for DEVELOPER_NAME, DEVELOPER_WEBSITE_URL, DEVELOPER_PRIVACY_URL and DEVELOPER_TERMS_URL. */
  env?: NodeJS.ProcessEnv;
  /** Where the zip is written; defaults to appPackage/build. */
  outDir?: string;
}

function appIdFrom(options: BuildOptions, env: NodeJS.ProcessEnv): string {
  const appId = (options.appId ?? env.MicrosoftAppId ?? '').trim();
  if (!appId) {
    throw new Error('No Microsoft app id: set MicrosoftAppId (env or .env) to the bot\'s Microsoft Entra app id, or pass --app-id <guid>.');
  }
  if (!GUID.test(appId)) throw new Error(`Microsoft app id "${appId}" is not a GUID (like 00000000-0000-0000-0000-000000000000).`);
  return appId;
}

function botDomainFrom(options: BuildOptions, env: NodeJS.ProcessEnv): string {
  const value = (options.botDomain ?? env.BOT_DOMAIN ?? '').trim();
  if (!value) {
    throw new Error('No bot domain: set BOT_DOMAIN (env or .env) to the host of the messaging endpoint, e.g. helpdesk.example.com, or pass --domain <host>.');
  }
  try {
    return new URL(value.includes('://') ? value : `https://${value}`).host;
  } catch {
    throw new Error(`Bot domain "${value}" is neither a host name nor a URL.`);
  }
}

function fill(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') return value.replace(PLACEHOLDER, (whole, name: string) => vars[name] ?? whole);
  if (Array.isArray(value)) return value.map((item) => fill(item, vars));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, fill(child, vars)]));
  }
  return value;
}

/** The manifest template filled in with the app id, the domain and the developer details; throws when the app id or domain is missing or malformed. */
export async function appManifest(options: Omit<BuildOptions, 'outDir'> = {}): Promise<AppManifest> {
  const env = options.env ?? processEnvironment();
  const vars = { MICROSOFT_APP_ID: appIdFrom(options, env), BOT_DOMAIN: botDomainFrom(options, env) };
  const template = JSON.parse(await fs.promises.readFile(path.join(APP_DIR, 'manifest.json'), 'utf8'));
  const manifest = fill(template, vars) as AppManifest;
  manifest.developer = {
    name: env.DEVELOPER_NAME || manifest.developer.name,
    websiteUrl: env.DEVELOPER_WEBSITE_URL || manifest.developer.websiteUrl,
    privacyUrl: env.DEVELOPER_PRIVACY_URL || manifest.developer.privacyUrl,
    termsOfUseUrl: env.DEVELOPER_TERMS_URL || manifest.developer.termsOfUseUrl,
  };
  return manifest;
}

/** Problems with a filled-in manifest and the icons it names; empty when Teams would take it. */
export function manifestProblems(manifest: AppManifest): string[] {
  return [...validateManifest(manifest), ...checkIcons(manifest)];
}

/** Fills in the manifest template, checks it and the icons, and zips the three files for upload to Teams. */
export async function buildAppPackage(options: BuildOptions = {}): Promise<{ zipPath: string; manifest: AppManifest }> {
  const manifest = await appManifest(options);
  const problems = manifestProblems(manifest);
  if (problems.length) throw new Error(`The Teams app package is not valid:\n  ${problems.join('\n  ')}`);

  const entries = [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    ...[manifest.icons.color, manifest.icons.outline].map((name) => ({ name, data: fs.readFileSync(path.join(APP_DIR, name)) })),
  ];
  const outDir = options.outDir ?? path.join(APP_DIR, 'build');
  await fs.promises.mkdir(outDir, { recursive: true });
  const zipPath = path.join(outDir, ZIP_NAME);
  await fs.promises.writeFile(zipPath, createZip(entries));
  return { zipPath, manifest };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'app-id': { type: 'string' }, domain: { type: 'string' }, out: { type: 'string' } } });
  const { zipPath, manifest } = await buildAppPackage({ appId: values['app-id'], botDomain: values.domain, outDir: values.out });
  console.log(`${path.relative(process.cwd(), zipPath)}: "${manifest.name.short}" ${manifest.version}, app id ${manifest.id}, domain ${manifest.validDomains?.join(', ')}`);
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(err.message);
    process.exitCode = 1;
  });
}
