# escape=`

ARG WINDOWS_VERSION=ltsc2022
FROM mcr.microsoft.com/dotnet/sdk:8.0-windowsservercore-${WINDOWS_VERSION} AS build
WORKDIR C:\src
COPY . .
RUN dotnet publish -c Release -o C:\out
FROM `
    mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-${WINDOWS_VERSION}
WORKDIR C:\app
COPY --from=build C:\out .
ENTRYPOINT ["dotnet", "app.dll"]
