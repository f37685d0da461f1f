using System.CommandLine;

namespace Eco.Host.Cli;

/// <summary>Lets a command's initializer list a <see cref="NodeAccess"/> beside its other options.</summary>
internal static class NodeAccessCommandExtensions
{
    public static void Add(this Command command, NodeAccess access)
    {
        command.Options.Add(access.Url);
        command.Options.Add(access.Token);
        command.Options.Add(access.DataDir);
    }
}
