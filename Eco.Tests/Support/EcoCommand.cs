using System.Diagnostics;

namespace Eco.Tests.Support;

/// <summary>Runs the real <c>eco</c> executable (next to the tests) to its end, as an operator would.</summary>
public static class EcoCommand
{
    /// <summary>Runs <c>eco</c> with <paramref name="args"/> and extra environment variables; returns its exit code and output.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "eco.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"eco {string.Join(' ', args)} did not finish in 90 s; its output:{Environment.NewLine}{await error}");
        }
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Runs <c>eco</c> with <paramref name="args"/>.</summary>
    public static Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunAsync(null, args);
}
