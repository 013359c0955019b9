import { createHttpHeaders, createPipelineRequest, PipelineRequest, PipelineResponse, RestError } from '@azure/core-rest-pipeline';
import type { Activity, ResourceResponse } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import * as Mappers from 'botframework-connector/lib/connectorApi/models/mappers';

/** The Activity schema's properties: what Azure's serializer would have sent of an activity. */
const ACTIVITY_PROPERTIES = new Set(Object.keys((Mappers.Activity.type as { modelProperties: object }).modelProperties));

/** The client's Azure ServiceClient: its pipeline, without the operation's serializer. Not in the typings. */
type Pipeline = { sendRequest(request: PipelineRequest): Promise<PipelineResponse & { parsedBody?: any }> };

/**
 * Gives a ConnectorClient's reply, send and update calls (every message a turn or a ticket
 * delivery sends) a cheaper body: Azure's serializer walks the Activity schema through
 * every card of every reply, a tenth of the bot's CPU. The request still goes through the
 * client's own pipeline, so the app's token, retries and the bounded HTTP client apply as
 * before; other calls are the client's own.
 */
export function withDirectActivityCalls(client: ConnectorClient, serviceUrl: string): ConnectorClient {
  const pipeline = (client as unknown as { client?: Pipeline }).client;
  // Another botframework-connector may keep it elsewhere: then every call stays the client's own.
  if (typeof pipeline?.sendRequest !== 'function') return client;
  const base = serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`;
  const send = (method: 'POST' | 'PUT', path: string, activity: Partial<Activity>, headers: Record<string, string> = {}) =>
    sendActivity(pipeline, method, `${base}${path}`, activity, headers);
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

/** The activity as JSON: its schema properties only, as the serializer writes it. */
export function activityJson(activity: Partial<Activity>): string {
  const body: Record<string, unknown> = {};
  for (const key in activity) if (ACTIVITY_PROPERTIES.has(key)) body[key] = activity[key as keyof Activity];
  return JSON.stringify(body);
}

async function sendActivity(pipeline: Pipeline, method: 'POST' | 'PUT', url: string, activity: Partial<Activity>, headers: Record<string, string>): Promise<ResourceResponse> {
  const request = createPipelineRequest({
    url,
    method,
    headers: createHttpHeaders({ 'content-type': 'application/json; charset=utf-8', accept: '*/*', ...headers }),
    body: activityJson(activity),
    // http only reaches here for a serviceUrl on this machine or one configured (inboundActivity.ts).
    allowInsecureConnection: url.startsWith('http:'),
  });
  const response = await pipeline.sendRequest(request);
  const parsed = response.parsedBody ?? parseJson(response.bodyAsText);
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
