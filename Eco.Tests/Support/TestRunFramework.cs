using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Eco.Tests.Support.TestRunFramework", "Eco.Tests")]

namespace Eco.Tests.Support;

/// <summary>xunit with a start and an end for the whole run (xunit 2 has no assembly fixture): see <see cref="TestRunServers"/>.</summary>
public sealed class TestRunFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new TestRunExecutor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);
}
