using System.Net.Sockets;

namespace Eco.Host.Load;

/// <summary>Helpers for the <c>eco serve</c> child processes of the load and chaos runs (see <see cref="ChildNode"/>).</summary>
internal static class NodeLauncher
{
    // Below the kernels' ephemeral ranges (Linux 32768+, Windows and macOS 49152+): a port handed out by binding port 0 can be
    // handed out again, before the node binds it, as the source port of any outbound connection on the machine.
    private const int LowestPort = 20_000;
    private const int HighestPort = 32_000;

    /// <summary>A loopback port free now, for a node about to start (or restart after a kill) on it.</summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(LowestPort, HighestPort);
            try
            {
                using var probe = new TcpListener(System.Net.IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken: try another
            }
        }
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The model chain of a node pointed at the fake LLM, with limits out of the way.</summary>
    public static Dictionary<string, string> FakeModelSettings(Uri llm) => new()
    {
        ["Eco:Llm:Chain:0"] = "fake",
        ["Eco:Llm:Providers:fake:Kind"] = "openai",
        ["Eco:Llm:Providers:fake:OpenAi:BaseUrl"] = llm.ToString(),
        ["Eco:Llm:Providers:fake:OpenAi:Model"] = "fake-gpt",
        ["Eco:Llm:Providers:fake:OpenAi:ApiKey"] = "sk-load",
        ["Eco:Llm:Providers:fake:OpenAi:NetworkTimeout"] = "00:02:00",
        ["Eco:Llm:Providers:fake:Limits:MaxConcurrency"] = "100000",
        ["Eco:Llm:Providers:fake:Limits:QueueLimit"] = "100000",
        ["Eco:Llm:Providers:fake:Limits:AttemptTimeout"] = "00:02:00",
        ["Eco:Llm:Providers:fake:Limits:TotalTimeout"] = "00:05:00",
        ["Eco:Llm:Providers:fake:Limits:RetryDelay"] = "00:00:00.200",
        ["Eco:Llm:Providers:fake:Limits:MaxRetries"] = "6",
        ["Eco:Llm:Providers:fake:Limits:BreakerThreshold"] = "1000",
    };
}
