using System.CommandLine;

namespace Eco.Host.Cli;

/// <summary><c>eco providers …</c>: the model providers behind the fallback chain.</summary>
internal static class ProviderCommands
{
    public static Command Create()
    {
        var providers = new Command("providers", "Model providers: register, update, retire and roll them back, set the fallback chain, see their states and history.");
        foreach (var command in ProviderRegistryCommands.Create())
        {
            providers.Subcommands.Add(command);
        }
        return providers;
    }
}
