import {
  createEmptyPipeline, createHttpHeaders, createPipelineRequest, defaultRetryPolicy, HttpClient, Pipeline, proxyPolicy, redirectPolicy, RestError,
} from '@azure/core-rest-pipeline';
import type { Activity, ResourceResponse } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';

/**
 * The Activity schema's properties: what Azure's serializer would have sent of an activity.
 * Written here because botframework-connector does not export its serializer's mappers;
 * test/bot/activityCalls.test.ts checks them against what its own client sends.
 */
const ACTIVITY_PROPERTIES = new Set([
  'type', 'id', 'timestamp', 'localTimestamp', 'localTimezone', 'callerId', 'serviceUrl', 'channelId', 'from', 'conversation',
  'recipient', 'textFormat', 'attachmentLayout', 'membersAdded', 'membersRemoved', 'reactionsAdded', 'reactionsRemoved', 'topicName',
  'historyDisclosed', 'locale', 'text', 'speak', 'inputHint', 'summary', 'suggestedActions', 'attachments', 'entities', 'channelData',
  'action', 'replyToId', 'label', 'valueType', 'value', 'name', 'relatesTo', 'code', 'expiration', 'importance', 'deliveryMode',
  'listenFor', 'textHighlights', 'semanticAction',
]);
/**
 * As the ConnectorClient names itself: its own name, then its connector factory's
 * USER_AGENT, which botframework-connector does not export (rebuilt from its version).
 */
const CONNECTOR_USER_AGENT = `botframework-connector/4.0.0 Microsoft-BotFramework/3.1 botframework-connector/${(require('botframework-connector/package.json') as { version: string }).version}`;

/**
 * Gives a ConnectorClient's reply, send and update calls (every message a turn or a ticket
 * delivery sends) a cheaper way out. The client's own way serialises the activity by
 * walking its schema through every card, and passes a dozen policies and two adapters
 * between Azure's old and new HTTP types: a fifth of the bot's CPU. Here the activity is
 * written with JSON.stringify and sent through the policies that do something for these
 * calls (proxy, the app's token, Azure's default retries, redirects) on the bounded HTTP
 * client. Other calls are the client's own.
 */
export function withDirectActivityCalls(client: ConnectorClient, serviceUrl: string, httpClient: HttpClient): ConnectorClient {
  const pipeline = activityPipeline(client);
  const base = serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`;
  const send = (method: 'POST' | 'PUT', path: string, activity: Partial<Activity>, headers: Record<string, string> = {}) =>
    sendActivity(pipeline, httpClient, method, `${base}${path}`, activity, headers);
  const path = (conversationId: string, activityId?: string) =>
    `v3/conversations/${encodeURIComponent(conversationId)}/activities${activityId === undefined ? '' : `/${encodeURIComponent(activityId)}`}`;
  const conversations = client.conversations;
  conversations.replyToActivity = ((conversationId: string, activityId: string, activity: Partial<Activity>) =>
    send('POST', path(conversationId, activityId), activity, { 'x-ms-conversation-id': conversationId })) as typeof conversations.replyToActivity;
  conversations.sendToConversation = ((conversationId: string, activity: Partial<Activity>) =>
    send('POST', path(conversationId), activity)) as typeof conversations.sendToConversation;
  conversations.updateActivity = ((conversationId: string, activityId: string, activity: Partial<Activity>) =>
    send('PUT', path(conversationId, activityId), activity)) as typeof conversations.updateActivity;
  return client;
}

function activityPipeline(client: ConnectorClient): Pipeline {
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(proxyPolicy());
  pipeline.addPolicy({
    name: 'appToken',
    // The client's credentials set "Authorization: Bearer <the app's token>" when the app has an id; they only touch the headers.
    sendRequest: async (request, next) => {
      await client.credentials.signRequest({ headers: request.headers } as unknown as Parameters<typeof client.credentials.signRequest>[0]);
      return next(request);
    },
  });
  pipeline.addPolicy(defaultRetryPolicy(), { phase: 'Retry' });
  pipeline.addPolicy(redirectPolicy(), { afterPhase: 'Retry' });
  return pipeline;
}

/** The activity as JSON: its schema properties only, as the serializer writes it. */
export function activityJson(activity: Partial<Activity>): string {
  const body: Record<string, unknown> = {};
  for (const key in activity) if (ACTIVITY_PROPERTIES.has(key)) body[key] = activity[key as keyof Activity];
  return JSON.stringify(body);
}

async function sendActivity(
  pipeline: Pipeline, httpClient: HttpClient, method: 'POST' | 'PUT', url: string, activity: Partial<Activity>, headers: Record<string, string>,
): Promise<ResourceResponse> {
  const request = createPipelineRequest({
    url,
    method,
    headers: createHttpHeaders({ 'content-type': 'application/json; charset=utf-8', accept: '*/*', 'user-agent': CONNECTOR_USER_AGENT, ...headers }),
    body: activityJson(activity),
    // http only reaches here for a serviceUrl on this machine or one configured (inboundActivity.ts).
    allowInsecureConnection: url.startsWith('http:'),
  });
  const response = await pipeline.sendRequest(httpClient, request);
  const parsed = parseJson(response.bodyAsText);
  if (response.status < 200 || response.status >= 300) {
    const message = parsed?.error?.message ?? parsed?.error?.code ?? `the Bot Connector answered ${response.status}`;
    throw new RestError(message, { code: parsed?.error?.code, statusCode: response.status, request, response });
  }
  return typeof parsed?.id === 'string' ? { id: parsed.id } : ({} as ResourceResponse);
}

function parseJson(text: string | null | undefined): any {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
