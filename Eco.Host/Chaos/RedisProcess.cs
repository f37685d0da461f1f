using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Eco.Host.Chaos;

/// <summary>A throwaway <c>redis-server</c> on a loopback port (no persistence), for <c>eco chaos</c> and the test suite.</summary>
internal static class RedisProcess
{
    /// <summary>Starts it and waits until it accepts connections; <paramref name="whenMissing"/> says how to get it if not installed.</summary>
    public static async Task<Process> StartAsync(int port, string whenMissing)
    {
        var start = new ProcessStartInfo("redis-server",
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"redis-server is not installed: {whenMissing}");
        }
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, deadline.Token);
                return process;
            }
            catch (SocketException)
            {
                await Task.Delay(20, deadline.Token);
            }
        }
    }

    /// <summary>SIGKILL, like a crashed or evicted pod: every key and subscription is gone.</summary>
    public static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(5_000);
        }
    }
}
