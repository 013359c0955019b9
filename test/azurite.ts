import { ChildProcess, spawn } from 'node:child_process';
import { eventually, freePort } from './helpers';
import { tempDir } from './tempDir';

/** Azurite's well-known development account (public, documented, not a secret). */
export const ACCOUNT = 'devstoreaccount1';
export const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Azurite's blob service from node_modules, on a free loopback port, data in a temporary folder, no telemetry. */
export async function startAzurite(): Promise<{ child: ChildProcess; connectionString: string; blobEndpoint: string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [require.resolve('azurite/dist/src/blob/main.js'),
      '--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', tempDir('azurite'),
      '--silent', '--skipApiVersionCheck', '--loose', '--disableTelemetry'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await eventually(() => output.includes('successfully listens'), `Azurite to listen (output: ${output})`, 20_000);
  const blobEndpoint = `http://127.0.0.1:${port}/${ACCOUNT}`;
  return {
    child,
    blobEndpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};BlobEndpoint=${blobEndpoint};`,
  };
}
