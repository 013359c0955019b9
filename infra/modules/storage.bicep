// Tickets, outbox and reports in a blob container, reached by the bot's managed identity
// (Storage Blob Data Contributor); KB articles in a file share mounted at /knowledge.

@description('Storage account name: 3 to 24 lower-case letters and digits, unique in Azure.')
param name string

@description('Azure region.')
param location string

@description('Tags for the account.')
param tags object

@description('Principal id of the bot\'s managed identity: reads and writes tickets.')
param botPrincipalId string

@description('Object id of the deploying user, also given blob data access; empty: none.')
param userPrincipalId string

var ticketContainer = 'helpdesk'
var knowledgeShare = 'knowledge'
// Storage Blob Data Contributor (built-in role).
var blobDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
    // Container Apps mount Azure Files only with the account key; blobs use the identity.
    allowSharedKeyAccess: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tickets 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: ticketContainer
}

resource files 'Microsoft.Storage/storageAccounts/fileServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource knowledge 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = {
  parent: files
  name: knowledgeShare
  properties: { shareQuota: 5 }
}

resource botAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, botPrincipalId, blobDataContributor)
  properties: { roleDefinitionId: blobDataContributor, principalId: botPrincipalId, principalType: 'ServicePrincipal' }
}

resource userAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(userPrincipalId)) {
  scope: account
  name: guid(account.id, userPrincipalId, blobDataContributor)
  properties: { roleDefinitionId: blobDataContributor, principalId: userPrincipalId, principalType: 'User' }
}

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output ticketContainer string = tickets.name
output knowledgeShare string = knowledge.name
