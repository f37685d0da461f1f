using Microsoft.Playwright;

namespace Eco.Tests.Integration.WebPage;

/// <summary>Debian's Chromium (which scripts/test.sh installs) driven by Playwright, and where the pages' screenshots go.</summary>
internal static class HeadlessChromium
{
    private const string Executable = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new() { ExecutablePath = Executable, Headless = true });

    /// <summary>docs/<paramref name="file"/> in the repository, where the README's screenshots live.</summary>
    public static string DocsPath(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Eco.Akka.sln")))
        {
            dir = dir.Parent;
        }
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("the test does not run inside the repository"), "docs", file);
    }
}
