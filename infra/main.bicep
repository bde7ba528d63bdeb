// LeadBot on Azure: the container image on App Service for Linux, an Azure Bot (user-assigned managed identity, so no
// client secret exists anywhere) with the Teams channel on, Key Vault for the secrets, Application Insights for
// telemetry, and optionally PostgreSQL Flexible Server for several instances. docs/deploy.md walks through it.

@description('Short name used in every resource name (letters and digits, 3-12).')
@minLength(3)
@maxLength(12)
param appName string = 'leadbot'

@description('Where everything but the bot registration (which is global) goes.')
param location string = resourceGroup().location

@description('The LeadBot container image, e.g. ghcr.io/contoso/leadbot:1.0.0 (built from the Dockerfile in this repository).')
param containerImage string

@description('App Service plan size. B1 is enough for one LeadBot with LiteDB; P0v3 and up for several instances.')
param appServiceSku string = 'B1'

@description('Instances of the web app. More than one needs PostgreSQL (usePostgres).')
@minValue(1)
@maxValue(10)
param instances int = 1

@description('Azure Bot pricing tier: F0 (free, standard channels such as Teams are free anyway) or S1.')
@allowed([ 'F0', 'S1' ])
param botSku string = 'F0'

@description('PostgreSQL Flexible Server for the store instead of a LiteDB file on App Service storage.')
param usePostgres bool = false

@description('PostgreSQL administrator login (only with usePostgres).')
param postgresAdminLogin string = 'leadbotadmin'

@description('PostgreSQL administrator password (only with usePostgres); stored in Key Vault, never in app settings.')
@secure()
param postgresAdminPassword string = ''

@description('API key marketing systems send in X-Api-Key; stored in Key Vault. Empty: intake answers this machine only, i.e. nobody.')
@secure()
param intakeApiKey string = ''

@description('Who operates this LeadBot, shown on /privacy and /terms (e.g. "Contoso Ltd., privacy@contoso.com").')
param operatorName string = ''

@description('The LiteDB file when usePostgres is false, relative to App Service\'s persistent share (the only storage that survives a restart or a new image).')
param liteDbFile string = 'data/leadbot.db'

// App Service mounts its persistent share here when WEBSITES_ENABLE_APP_SERVICE_STORAGE is true (set below for LiteDB).
var persistentShare = '/home'
var suffix = uniqueString(resourceGroup().id, appName)
var siteName = '${appName}-${suffix}'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${appName}-id-${suffix}'
  location: location
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${appName}-logs-${suffix}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${appName}-ai-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('${appName}kv${suffix}', 24)
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
  }
}

resource vaultReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = if (usePostgres) {
  name: '${appName}-pg-${suffix}'
  location: location
  sku: { name: 'Standard_B1ms', tier: 'Burstable' }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: { storageSizeGB: 32 }
    backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
  }
}

resource postgresDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = if (usePostgres) {
  parent: postgres
  name: 'leadbot'
}

// "Allow public access from Azure services": App Service reaches the server without a virtual network.
// For a private setup, put both in a virtual network instead (docs/deploy.md).
resource postgresFromAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (usePostgres) {
  parent: postgres
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

resource storeSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'store-connection'
  properties: {
    value: usePostgres
      ? 'Host=${postgres!.properties.fullyQualifiedDomainName};Database=leadbot;Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=Require'
      : 'Filename=${persistentShare}/${liteDbFile};Connection=direct'
  }
}

resource intakeSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(intakeApiKey)) {
  parent: vault
  name: 'intake-api-key'
  properties: { value: intakeApiKey }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${appName}-plan-${suffix}'
  location: location
  kind: 'linux'
  // One LiteDB file has one owner: several instances only with PostgreSQL.
  sku: { name: appServiceSku, capacity: usePostgres ? instances : 1 }
  properties: { reserved: true }
}

var baseSettings = [
  { name: 'WEBSITES_PORT', value: '8080' }
  // LiteDB's file lives on App Service storage (/home), which survives restarts and redeployments.
  { name: 'WEBSITES_ENABLE_APP_SERVICE_STORAGE', value: usePostgres ? 'false' : 'true' }
  { name: 'DOTNET_GCgen0size', value: '0x4000000' }
  { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
  { name: 'MicrosoftAppId', value: identity.properties.clientId }
  { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
  { name: 'Bot__PublicBaseUrl', value: 'https://${siteName}.azurewebsites.net' }
  { name: 'Storage__Provider', value: usePostgres ? 'PostgreSQL' : 'LiteDB' }
  { name: 'ConnectionStrings__LeadBot', value: '@Microsoft.KeyVault(SecretUri=${storeSecret.properties.secretUri})' }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
  { name: 'Legal__Operator', value: operatorName }
  // App Service's front end is the only way in to the container, so its X-Forwarded-For/-Proto are believed from any
  // address it connects from (docs/security.md: ForwardedHeaders).
  { name: 'ForwardedHeaders__KnownNetworks__0', value: '0.0.0.0/0' }
]
var intakeSettings = empty(intakeApiKey) ? [] : [
  { name: 'Intake__ApiKeys__0', value: '@Microsoft.KeyVault(SecretUri=${intakeSecret!.properties.secretUri})' }
]

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: siteName
  location: location
  kind: 'app,linux,container'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'DOCKER|${containerImage}'
      alwaysOn: appServiceSku != 'F1'
      healthCheckPath: '/healthz/ready'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: concat(baseSettings, intakeSettings)
    }
  }
  dependsOn: [ vaultReader ]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${appName}-bot-${suffix}'
  location: 'global'
  kind: 'azurebot'
  sku: { name: botSku }
  properties: {
    displayName: 'LeadBot'
    endpoint: 'https://${site.properties.defaultHostName}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppType: 'UserAssignedMSI'
    msaAppMSIResourceId: identity.id
    msaAppTenantId: tenant().tenantId
    disableLocalAuth: true
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

@description('The messaging endpoint registered on the Azure Bot.')
output messagingEndpoint string = bot.properties.endpoint

@description('The bot app id (the managed identity client id): --app-id for manifest/teams/package.cs.')
output botAppId string = identity.properties.clientId

@description('The public base URL: --base-url for manifest/teams/package.cs.')
output baseUrl string = 'https://${site.properties.defaultHostName}'
