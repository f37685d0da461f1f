using Xunit.Abstractions;
using Xunit.Sdk;

namespace Eco.Tests.Support;

/// <summary>xunit's assembly runner with the run's first and last steps: reap servers an earlier run left, stop the ones this run started.</summary>
public sealed class TestRunAssemblyRunner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink,
    IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
    : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
{
    protected override async Task AfterTestAssemblyStartingAsync()
    {
        await base.AfterTestAssemblyStartingAsync();
        TestRunServers.ReapLeftovers();
    }

    // Before the run reports itself finished: the runner may end the test host as soon as it has, exit handlers or not.
    protected override async Task BeforeTestAssemblyFinishedAsync()
    {
        await TestRunServers.StopAllAsync();
        await base.BeforeTestAssemblyFinishedAsync();
    }
}
