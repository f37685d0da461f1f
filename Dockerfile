# Eco node image. Build: docker build -t eco:dev .   (no Docker engine on the development machines: built by CI/CD elsewhere)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish Eco.Host/Eco.Host.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
USER app
EXPOSE 8080
ENTRYPOINT ["dotnet", "eco.dll", "serve", "--urls", "http://0.0.0.0:8080", "--data-dir", "/tmp/eco"]
