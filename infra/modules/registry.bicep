// Where `azd deploy` builds and pushes the bot's image (remote build: no Docker needed locally).

@description('Registry name: 5 to 50 letters and digits, unique in Azure.')
param name string

@description('Azure region.')
param location string

@description('Tags for the registry.')
param tags object

@description('Principal id of the bot\'s managed identity: pulls the image.')
param pullPrincipalId string

// AcrPull (built-in role).
var acrPull = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Basic' }
  properties: { adminUserEnabled: false }
}

resource pull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: registry
  name: guid(registry.id, pullPrincipalId, acrPull)
  properties: { roleDefinitionId: acrPull, principalId: pullPrincipalId, principalType: 'ServicePrincipal' }
}

output loginServer string = registry.properties.loginServer
