import type { Finding } from '../../cli/doctor/finding';

export const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
/** A deployed bot's settings that pass every check of the settings alone. */
export const DEPLOYED = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: TENANT, PUBLIC_URL: 'https://helpdesk.example.test', REPORTS_TOKEN: 'a'.repeat(32) };

/** [status, message, fix] of each finding, for deepEqual. */
export const summary = (findings: Finding[]) => findings.map((f) => [f.status, f.message, f.fix]);
