// The bot's container (the repository's Dockerfile): HTTPS ingress on port 3978, the knowledge
// share at /knowledge, an ephemeral /data (tickets are in Blob Storage), settings as environment.

@description('Container app name (also the first label of its host name).')
param name string

@description('Azure region.')
param location string

@description('Tags; the app also gets azd-service-name=bot, which azd deploys to.')
param tags object

@description('Log Analytics workspace the environment sends container logs to.')
param logAnalyticsWorkspaceName string

@description('Resource id of the bot\'s user-assigned managed identity.')
param identityId string

@description('Client id of that identity: the bot\'s MicrosoftAppId, and the identity DefaultAzureCredential uses.')
param identityClientId string

@description('Login server of the registry the image is pulled from with the identity.')
param registryServer string

@description('Image to run; azd deploy replaces it with the bot\'s.')
param image string

@description('Storage account holding the knowledge share.')
param storageAccountName string

@description('Blob endpoint of that account (AZURE_STORAGE_ACCOUNT_URL).')
param blobEndpoint string

@description('Blob container for tickets (AZURE_STORAGE_CONTAINER).')
param ticketContainer string

@description('File share mounted read-only at /knowledge (KNOWLEDGE_PATH).')
param knowledgeShare string

@description('Application Insights connection string (APPLICATIONINSIGHTS_CONNECTION_STRING).')
param applicationInsightsConnectionString string

@description('Most instances at once.')
param maxReplicas int

@description('HELP_DESK_ADMINS for the bot.')
param helpDeskAdmins string

@description('HELP_DESK_LEADS for the bot; empty: the admins.')
param helpDeskLeads string

@description('KB_LINK_HOSTS for the bot; empty: knowledge from tickets shows no links.')
param kbLinkHosts string

@secure()
@description('REPORTS_TOKEN for the bot; empty: no report endpoint.')
param reportsToken string

@secure()
@description('SEARCH_TOKEN for the bot; empty: no search endpoint.')
param searchToken string

var port = 3978
// Until azd deploys the bot's image, the placeholder does not serve /healthz.
var placeholder = startsWith(image, 'mcr.microsoft.com/azuredocs/')

resource workspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' existing = {
  name: logAnalyticsWorkspaceName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: 'cae-${name}'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
  }
}

resource knowledge 'Microsoft.App/managedEnvironments/storages@2024-03-01' = {
  parent: environment
  name: 'knowledge'
  properties: {
    azureFile: {
      accountName: storage.name
      accountKey: storage.listKeys().keys[0].value
      shareName: knowledgeShare
      accessMode: 'ReadOnly'
    }
  }
}

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'bot' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  dependsOn: [ knowledge ]
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      ingress: { external: true, targetPort: port, transport: 'auto' }
      registries: [ { server: registryServer, identity: identityId } ]
      secrets: concat(
        empty(reportsToken) ? [] : [ { name: 'reports-token', value: reportsToken } ],
        empty(searchToken) ? [] : [ { name: 'search-token', value: searchToken } ])
    }
    template: {
      containers: [
        {
          name: 'bot'
          image: image
          resources: { cpu: json('1.0'), memory: '2Gi' }
          env: concat([
            { name: 'PORT', value: string(port) }
            { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
            { name: 'MicrosoftAppId', value: identityClientId }
            { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
            { name: 'AZURE_CLIENT_ID', value: identityClientId }
            { name: 'PUBLIC_URL', value: 'https://${name}.${environment.properties.defaultDomain}' }
            { name: 'STORAGE', value: 'blob' }
            { name: 'AZURE_STORAGE_ACCOUNT_URL', value: blobEndpoint }
            { name: 'AZURE_STORAGE_CONTAINER', value: ticketContainer }
            { name: 'KNOWLEDGE_PATH', value: '/knowledge' }
            { name: 'DATA_DIR', value: '/data' }
            { name: 'HELP_DESK_ADMINS', value: helpDeskAdmins }
            { name: 'HELP_DESK_LEADS', value: helpDeskLeads }
            { name: 'KB_LINK_HOSTS', value: kbLinkHosts }
            { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
          ], empty(reportsToken) ? [] : [ { name: 'REPORTS_TOKEN', secretRef: 'reports-token' } ],
            empty(searchToken) ? [] : [ { name: 'SEARCH_TOKEN', secretRef: 'search-token' } ])
          volumeMounts: [
            { volumeName: 'knowledge', mountPath: '/knowledge' }
            { volumeName: 'data', mountPath: '/data' }
          ]
          probes: placeholder ? [] : [
            { type: 'Startup', httpGet: { path: '/healthz', port: port }, periodSeconds: 5, failureThreshold: 60 }
            { type: 'Liveness', httpGet: { path: '/healthz', port: port }, periodSeconds: 30 }
            // Not ready (no traffic) while its Blob storage is unreachable: tickets would be lost.
            { type: 'Readiness', httpGet: { path: '/readyz', port: port }, periodSeconds: 10 }
          ]
        }
      ]
      volumes: [
        { name: 'knowledge', storageType: 'AzureFile', storageName: knowledge.name }
        { name: 'data', storageType: 'EmptyDir' }
      ]
      scale: { minReplicas: 1, maxReplicas: maxReplicas }
    }
  }
}

output fqdn string = app.properties.configuration.ingress.fqdn
