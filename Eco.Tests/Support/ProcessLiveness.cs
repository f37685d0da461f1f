using System.Diagnostics;

namespace Eco.Tests.Support;

/// <summary>Whether a process id still names a running process (for reaping what a killed test run left behind).</summary>
public static class ProcessLiveness
{
    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
