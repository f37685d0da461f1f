using System.Diagnostics;
using System.Net.Sockets;

namespace Eco.Host.Load;

/// <summary>Starts <c>eco serve</c> as a child process (this very build) with settings as environment variables, and waits until ready.</summary>
internal static class NodeLauncher
{
    public static Process Start(string dataDir, int port, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "eco.dll"), "serve", "--data-dir", dataDir, "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task WaitReadyAsync(HttpClient http, Process node, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            if (node.HasExited)
            {
                throw new InvalidOperationException($"the node exited with code {node.ExitCode}");
            }
            try
            {
                if ((await http.GetAsync("readyz", deadline.Token)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // starting
            }
            await Task.Delay(100, deadline.Token);
        }
    }

    public static int FreePort()
    {
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
        ["Eco:Entities:MailboxCapacity"] = "1024",
    };
}
