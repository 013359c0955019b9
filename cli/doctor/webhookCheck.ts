import type { BotConfig } from '../../server/config';
import { checkWebhookSettings } from './settingsChecks';
import { fail, Finding, networkError, pass, warn } from './finding';

const TIMEOUT_MS = 5000;

/**
 * Whether the webhook's receiver answers. The request is a HEAD: it has no body, and HTTP
 * makes it safe, so no receiver creates a ticket from it (a test POST would file one in the
 * ticketing system). Any answer proves the host reachable; receivers that take only POST
 * answer it 404 or 405, which is fine.
 */
export async function checkWebhook(config: BotConfig, timeoutMs = TIMEOUT_MS): Promise<Finding[]> {
  const { findings, url } = checkWebhookSettings(config);
  if (!url) return findings;
  const check = 'webhook';
  let response: Response;
  try {
    response = await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return [fail(check, `${url.origin} not reachable (${networkError(error)}): tickets would wait in the outbox, retried`, 'check ESCALATION_WEBHOOK_URL and that this machine reaches it (DNS, firewall, certificate)'), ...findings];
  }
  const status = response.status;
  if (status >= 500) return [warn(check, `${url.origin} answers HTTP ${status}: the receiver is failing, tickets would wait in the outbox`, 'check the receiver\'s logs'), ...findings];
  if (status >= 300 && status < 400) {
    return [warn(check, `${url.origin}${url.pathname} redirects (HTTP ${status}) to ${response.headers.get('location') ?? 'elsewhere'}: a redirected POST may lose its body`, 'set ESCALATION_WEBHOOK_URL to the final URL'), ...findings];
  }
  return [pass(check, `${url.origin} answers (HTTP ${status} to a HEAD request)`), ...findings];
}
