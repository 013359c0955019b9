// The help desk bot in Azure, for `azd up`: a container app running the Docker image, an
// Azure Bot with the Teams channel, tickets in Blob Storage, logs in Application Insights.
// The bot authenticates as a user-assigned managed identity: there is no secret anywhere.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Name of the azd environment (AZURE_ENV_NAME): prefixes the resource group and tags every resource.')
param environmentName string

@minLength(1)
@description('Azure region for every resource, e.g. westeurope (AZURE_LOCATION).')
param location string

@description('Object id of the user running azd (AZURE_PRINCIPAL_ID): may read and write the ticket container too, for `npm run report` against Azure. Empty: nobody but the bot.')
param principalId string = ''

@description('Image the container app starts with until `azd deploy` pushes the bot\'s own; any image listening on port 3978 works.')
param containerImage string = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'

@allowed([ 'F0', 'S1' ])
@description('Azure Bot pricing tier: F0 is free (10,000 premium channel messages a month, Teams is a standard channel), S1 is paid.')
param botSku string = 'F0'

@minValue(1)
@maxValue(10)
@description('Most bot instances at once; tickets live in Blob Storage, so any number share them.')
param maxReplicas int = 2

@description('Comma-separated Entra object ids (or Teams user ids) of the help desk administrators, who alone may register a help desk conversation (HELP_DESK_ADMINS). Empty: the user running azd (principalId); with neither, nobody can register, take, resolve or approve.')
param helpDeskAdmins string = ''

@description('Comma-separated Entra object ids of those who approve, discard or withdraw knowledge drafted from tickets (HELP_DESK_LEADS). Empty: the administrators; "members": every member of a help desk conversation an administrator registered.')
param helpDeskLeads string = ''

@description('Comma-separated hosts (exact names) links in knowledge written from tickets may go to, over https (KB_LINK_HOSTS). Empty: no links in such knowledge.')
param kbLinkHosts string = ''

@secure()
@description('Bearer token for GET /api/reports (REPORTS_TOKEN). Empty: the report is not served when deployed.')
param reportsToken string = ''

@secure()
@description('Bearer token for GET /api/search (SEARCH_TOKEN). Empty: search is not served when deployed.')
param searchToken string = ''

var tags = { 'azd-env-name': environmentName }
// The first help desk administrator is whoever deploys, unless named: the roles are never open to the whole tenant.
var admins = empty(helpDeskAdmins) ? principalId : helpDeskAdmins
var token = toLower(uniqueString(subscription().id, environmentName, location))

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  scope: group
  name: 'identity'
  params: { name: 'id-helpdesk-${token}', location: location, tags: tags }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: group
  name: 'monitoring'
  params: { namePrefix: 'helpdesk-${token}', location: location, tags: tags }
}

module storage 'modules/storage.bicep' = {
  scope: group
  name: 'storage'
  params: {
    name: 'sthelpdesk${take(token, 12)}'
    location: location
    tags: tags
    botPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
  }
}

module registry 'modules/registry.bicep' = {
  scope: group
  name: 'registry'
  params: { name: 'crhelpdesk${token}', location: location, tags: tags, pullPrincipalId: identity.outputs.principalId }
}

module app 'modules/containerApp.bicep' = {
  scope: group
  name: 'app'
  params: {
    name: 'ca-helpdesk-${take(token, 10)}'
    location: location
    tags: tags
    logAnalyticsWorkspaceName: monitoring.outputs.logAnalyticsWorkspaceName
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    registryServer: registry.outputs.loginServer
    image: containerImage
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    ticketContainer: storage.outputs.ticketContainer
    knowledgeShare: storage.outputs.knowledgeShare
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    maxReplicas: maxReplicas
    helpDeskAdmins: admins
    helpDeskLeads: helpDeskLeads
    kbLinkHosts: kbLinkHosts
    reportsToken: reportsToken
    searchToken: searchToken
  }
}

module bot 'modules/bot.bicep' = {
  scope: group
  name: 'bot'
  params: {
    name: 'bot-helpdesk-${token}'
    tags: tags
    sku: botSku
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    messagingEndpoint: 'https://${app.outputs.fqdn}/api/messages'
    applicationInsightsAppId: monitoring.outputs.applicationInsightsAppId
  }
}

// azd pushes the image here and points the container app tagged azd-service-name=bot at it.
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
// Read by `npm run app:package` (azure.yaml's postprovision hook) for the Teams app package.
output MicrosoftAppId string = identity.outputs.clientId
output BOT_DOMAIN string = app.outputs.fqdn
// With MicrosoftAppId, the container app's identity settings: `npm run doctor` on this machine checks them.
output MicrosoftAppType string = 'UserAssignedMSI'
output MicrosoftAppTenantId string = tenant().tenantId
output PUBLIC_URL string = 'https://${app.outputs.fqdn}'
// For `npm run report` from this machine against the deployed store (see README, Deploy).
output STORAGE string = 'blob'
output AZURE_STORAGE_ACCOUNT_URL string = storage.outputs.blobEndpoint
output AZURE_STORAGE_CONTAINER string = storage.outputs.ticketContainer
// Where to upload KB articles: az storage file upload-batch --account-name ... --destination ...
output KNOWLEDGE_STORAGE_ACCOUNT string = storage.outputs.name
output KNOWLEDGE_SHARE string = storage.outputs.knowledgeShare
