// Example parameters: copy, fill in, then
//   az deployment group create -g <resource-group> -f infra/main.bicep -p infra/main.bicepparam
// Secrets come from the environment at deployment time, never from this file.
using 'main.bicep'

param appName = 'leadbot'
param containerImage = 'ghcr.io/contoso/leadbot:1.0.0'
param appServiceSku = 'B1'
param instances = 1
param botSku = 'F0'
param usePostgres = false
param postgresAdminPassword = readEnvironmentVariable('LEADBOT_POSTGRES_PASSWORD', '')
param intakeApiKey = readEnvironmentVariable('LEADBOT_INTAKE_API_KEY', '')
param operatorName = 'Contoso Ltd., privacy@contoso.example'
