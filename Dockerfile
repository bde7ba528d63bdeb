# syntax=docker/dockerfile:1
# LeadBot as a container: docs/deploy.md. Build from the repository root: docker build -t leadbot .
# The store lives in the /data volume; configure everything else with environment variables (README "Configuration").

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so a code change does not invalidate the restored packages.
COPY Directory.Build.props Directory.Packages.props BannedSymbols.txt ./
COPY cards/LeadBot.Cards.csproj cards/
COPY bot/LeadBot.csproj bot/
RUN dotnet restore bot/LeadBot.csproj
COPY cards/ cards/
COPY bot/ bot/
RUN dotnet publish bot/LeadBot.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# Charts (ScottPlot on SkiaSharp) draw text with the system's fonts; curl answers the HEALTHCHECK.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core curl \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir /data && chown "$APP_UID" /data
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ConnectionStrings__LeadBot="Filename=/data/leadbot.db;Connection=direct" \
    DOTNET_GCgen0size=0x4000000
VOLUME /data
EXPOSE 8080
# The image's non-root user (uid 1654): the application folder is root's and read-only to it; only /data is writable.
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD curl -fsS http://localhost:8080/healthz/live || exit 1
ENTRYPOINT ["dotnet", "LeadBot.dll"]
