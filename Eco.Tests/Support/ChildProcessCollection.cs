namespace Eco.Tests.Support;

/// <summary>
/// Tests that start <c>eco serve</c> child processes run one at a time: each picks free ports and releases them to the child, so two
/// such tests side by side can race for a port, and several clusters at once starve a 2-core machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ChildProcessCollection
{
    public const string Name = "child processes";
}
