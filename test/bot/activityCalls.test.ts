import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as sinon from 'sinon';
import { TurnContext } from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { activityJson, withDirectActivityCalls } from '../../bot/activityCalls';
import { BoundedConnectorHttpClient } from '../../bot/connectorHttpClient';
import { cardMessage } from '../../channels/messages';
import { replyCards } from '../../cards/cards';
import { shippedHelpDesk } from '../helpers';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** A Bot Connector that records each call and answers `status` with an id. */
async function recordingConnector(status = 200) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: JSON.parse(body) });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(status < 300 ? '{"id":"reply-1"}' : '{"error":{"code":"ServiceError","message":"the connector failed"}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** A Teams reply as the bot sends it: an answer card, addressed by the conversation reference. */
function teamsReply() {
  const helpDesk = shippedHelpDesk();
  const inbound = {
    type: 'message', id: 'in-1', channelId: 'msteams', serviceUrl: 'https://smba.example/amer/', text: 'what is MIS_3', locale: 'en-US',
    from: { id: '29:user', name: 'User', aadObjectId: 'aad-1' }, recipient: { id: '28:bot', name: 'Help Desk' },
    conversation: { id: 'a:1/odd id?', conversationType: 'personal', tenantId: 'tenant' },
  };
  const message = cardMessage('msteams', replyCards(helpDesk.matcher.match('what is MIS_3'), helpDesk.cardContext, { questionId: 'q-1', cardId: 'card-1' }));
  return TurnContext.applyConversationReference({ ...message, timestamp: new Date(), speak: null } as any, TurnContext.getConversationReference(inbound as any));
}

describe('replies sent with the activity as JSON, with the client\'s credentials', () => {
  const http = new BoundedConnectorHttpClient({ timeoutMs: 5000, maxConcurrent: 4, maxQueued: 4 });

  it('writes what Azure\'s serializer wrote: schema properties only', async () => {
    // The SDK's own client, its serializer and all, as the oracle: what it sent is what activityJson must write.
    const connector = await recordingConnector();
    try {
      const activity = { ...teamsReply(), notInTheSchema: 1 };
      await new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: connector.url }).conversations.sendToConversation('a:1', activity);
      assert.equal(connector.received.length, 1);
      assert.deepEqual(JSON.parse(activityJson(activity)), connector.received[0].body);
    } finally {
      await connector.close();
    }
  });

  it('attaches the app\'s token, names the conversation, and returns the id the connector gave', async () => {
    const connector = await recordingConnector();
    const credentials = new MicrosoftAppCredentials('app-id', 'secret');
    sinon.stub(credentials, 'getToken').resolves('token-of-the-app');
    try {
      const client = withDirectActivityCalls(new ConnectorClient(credentials, { baseUri: connector.url }), connector.url, http);
      const activity = teamsReply();
      const sent = await client.conversations.replyToActivity('a:1/odd id?', 'in-1', activity);
      assert.equal(sent.id, 'reply-1');
      await client.conversations.sendToConversation('a:1/odd id?', activity);
      await client.conversations.updateActivity('a:1/odd id?', 'reply-1', activity);
      assert.deepEqual(connector.received.map((call) => `${call.method} ${call.url}`), [
        'POST /v3/conversations/a%3A1%2Fodd%20id%3F/activities/in-1',
        'POST /v3/conversations/a%3A1%2Fodd%20id%3F/activities',
        'PUT /v3/conversations/a%3A1%2Fodd%20id%3F/activities/reply-1',
      ]);
      for (const call of connector.received) {
        assert.equal(call.headers.authorization, 'Bearer token-of-the-app');
        assert.deepEqual(call.body, JSON.parse(activityJson(activity)));
      }
      assert.equal(connector.received[0].headers['x-ms-conversation-id'], 'a:1/odd id?');
    } finally {
      await connector.close();
    }
  });

  it('fails with the connector\'s status when it refuses', async () => {
    const connector = await recordingConnector(403);
    try {
      const client = withDirectActivityCalls(new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: connector.url }), connector.url, http);
      await assert.rejects(client.conversations.replyToActivity('c-1', 'in-1', teamsReply()), { statusCode: 403, message: 'the connector failed' });
      assert.equal(connector.received[0].headers.authorization, undefined, 'anonymous: no token');
    } finally {
      await connector.close();
    }
  });
});
