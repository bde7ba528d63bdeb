#:project ../../bot/LeadBot.csproj
// Writes leadbot-teams.zip: dotnet run manifest/teams/package.cs -- --app-id <MicrosoftAppId> --base-url https://leadbot.example.com
// Redraws the icons:        dotnet run manifest/teams/package.cs -- icons
var folder = Path.GetDirectoryName(Path.GetFullPath(AppContext.GetData("EntryPointFilePath") as string ?? "manifest/teams/package.cs"))!;
return LeadBot.Channels.Teams.Package.TeamsPackage.Run(args, folder, Console.Out, Console.Error);
