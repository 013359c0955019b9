// The bot's identity: Azure Bot Service knows the bot by it (UserAssignedMSI), and the bot
// uses it for Blob Storage and to pull its image. No password or key to keep or rotate.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
