namespace Eco.FakeLlm;

/// <summary>Helpers to build an <see cref="IFakeBrain"/> without writing a class.</summary>
public static class FakeBrain
{
    /// <summary>Wraps a function as a brain; it is called concurrently, so it must be thread-safe.</summary>
    public static IFakeBrain From(Func<FakeChatRequest, string> respond)
    {
        ArgumentNullException.ThrowIfNull(respond);
        return new FuncBrain(respond);
    }

    private sealed class FuncBrain(Func<FakeChatRequest, string> respond) : IFakeBrain
    {
        public string Respond(FakeChatRequest request) => respond(request);
    }
}
