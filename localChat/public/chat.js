// Served as-is to the browser (no build step): plain script, no modules.
(function () {
  'use strict';

  var USER_KEY = 'helpdesk-local-user';

  // sessionStorage is per tab: two tabs chat as two users, and a reload keeps the same user.
  function tabUser() {
    var saved = sessionStorage.getItem(USER_KEY);
    if (saved) return JSON.parse(saved);
    var bytes = crypto.getRandomValues(new Uint8Array(4));
    var suffix = Array.from(bytes, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
    var user = { id: 'local-user-' + suffix, name: 'Local user ' + suffix.slice(0, 4) };
    sessionStorage.setItem(USER_KEY, JSON.stringify(user));
    return user;
  }

  async function start() {
    var user = tabUser();
    // The server greets this user (conversationUpdate) as soon as Web Chat opens the conversation.
    var response = await fetch('/v3/directline/tokens/generate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: user })
    });
    if (!response.ok) throw new Error('could not start a conversation (HTTP ' + response.status + ')');
    var token = (await response.json()).token;

    window.WebChat.renderWebChat(
      {
        directLine: window.WebChat.createDirectLine({
          domain: location.origin + '/v3/directline',
          token: token,
          webSocket: false,
          // Everything is local, so poll faster than Direct Line's 1 s default.
          pollingInterval: 300
        }),
        userID: user.id,
        username: user.name,
        locale: navigator.language || 'en-US',
        overrideLocalizedStrings: {
          TEXT_INPUT_PLACEHOLDER: 'Type an error code, paste an error, or describe the problem'
        },
        styleOptions: {
          accent: '#464775',
          botAvatarInitials: 'HD',
          userAvatarInitials: 'You',
          bubbleBorderRadius: 8,
          bubbleFromUserBorderRadius: 8,
          bubbleFromUserBackground: '#e8ebfa',
          bubbleMaxWidth: 720,
          // The local Direct Line has no upload endpoint.
          hideUploadButton: true,
          sendBoxHeight: 48
        }
      },
      document.getElementById('webchat')
    );
    var input = document.querySelector('[data-id="webchat-sendbox-input"]');
    if (input) input.focus();
  }

  start().catch(function (error) {
    var message = document.createElement('p');
    message.className = 'load-error';
    message.textContent = 'The chat could not start: ' + error.message;
    document.getElementById('webchat').replaceChildren(message);
  });
})();
