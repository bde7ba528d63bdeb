#:project ../../bot/LeadBot.csproj
// Writes leadbot-teams.zip: dotnet run manifest/teams/package.cs -- --app-id <MicrosoftAppId> --base-url https://leadbot.example.com
//   [--teams-app-id <GUID>] [--version 1.0.1] [--privacy-url https://…] [--terms-url https://…] [--out file.zip];
//   each option falls back to an environment variable (BOT_ID, BOT_ENDPOINT, TEAMS_APP_ID, APP_VERSION, PRIVACY_URL, TERMS_URL).
// Redraws the icons:        dotnet run manifest/teams/package.cs -- icons
var folder = Path.GetDirectoryName(Path.GetFullPath(AppContext.GetData("EntryPointFilePath") as string ?? "manifest/teams/package.cs"))!;
return LeadBot.Channels.Teams.Package.TeamsPackage.Run(args, folder, Console.Out, Console.Error);
