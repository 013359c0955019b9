import { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';

/** What /api/messages answers: the status, and the invoke response's body when there is one. */
export interface TurnResponse {
  status: number;
  body?: unknown;
}

/** A token that did not authenticate the caller; the caller is told no more than that. */
export class Unauthorized extends Error {}

/**
 * botbuilder's CloudAdapter, with authentication kept apart from the turn: `process`
 * validates a request's body with zod after it has been parsed and turns any token
 * failure other than its own error type into a 500 with library text. Here the body is
 * validated before (inboundActivity.ts), every token failure is `Unauthorized`, and
 * whatever fails in the turn stays a 500 without details.
 */
export class HelpDeskAdapter extends CloudAdapter {
  async authenticate(activity: Partial<Activity>, authorization: string): Promise<AuthenticateRequestResult> {
    try {
      return await this.botFrameworkAuthentication.authenticateRequest(activity as Activity, authorization);
    } catch (error) {
      throw new Unauthorized((error as Error).message);
    }
  }

  async runTurn(identity: AuthenticateRequestResult, activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<TurnResponse> {
    const invokeResponse = await this.processActivity(identity, activity as Activity, logic);
    return { status: invokeResponse?.status ?? 200, body: invokeResponse?.body };
  }
}
