// Logs and telemetry: a Log Analytics workspace (container logs) and Application Insights on it.

@description('Prefix of the workspace and Application Insights names.')
param namePrefix string

@description('Azure region.')
param location string

@description('Tags for both resources.')
param tags object

resource workspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: 'log-${namePrefix}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${namePrefix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

output logAnalyticsWorkspaceName string = workspace.name
output applicationInsightsConnectionString string = insights.properties.ConnectionString
output applicationInsightsAppId string = insights.properties.AppId
