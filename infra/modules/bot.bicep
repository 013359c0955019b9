// The Azure Bot registration: Teams reaches the bot through it. The bot is known by its
// user-assigned managed identity (UserAssignedMSI): no app registration, no client secret.

@description('Bot resource name (its handle), unique in Azure.')
param name string

@description('Tags for the bot.')
param tags object

@allowed([ 'F0', 'S1' ])
@description('Pricing tier.')
param sku string

@description('Resource id of the bot\'s user-assigned managed identity.')
param identityId string

@description('Client id of that identity (msaAppId, the bot\'s MicrosoftAppId).')
param identityClientId string

@description('HTTPS URL of the bot\'s /api/messages.')
param messagingEndpoint string

@description('Application Insights application id, for the bot\'s analytics in the portal.')
param applicationInsightsAppId string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  // Azure Bot is a global resource.
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: { name: sku }
  properties: {
    displayName: 'Help desk'
    endpoint: messagingEndpoint
    msaAppType: 'UserAssignedMSI'
    msaAppId: identityClientId
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: identityId
    developerAppInsightsApplicationId: applicationInsightsAppId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}
