using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Eco.Tests.Support;

/// <summary>xunit's executor, running the assembly with <see cref="TestRunAssemblyRunner"/>.</summary>
public sealed class TestRunExecutor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
    : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
{
    // async void is xunit's own signature for this method; the run's end is the runner's finished message, not this method's return.
    protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
    {
        using var runner = new TestRunAssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
        await runner.RunAsync();
    }
}
