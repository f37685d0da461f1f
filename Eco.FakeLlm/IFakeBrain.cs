namespace Eco.FakeLlm;

/// <summary>Decides the assistant text a <see cref="FakeLlmServer"/> answers to a chat request (the server then streams it token by token).</summary>
public interface IFakeBrain
{
    /// <summary>Returns the full assistant message content for <paramref name="request"/>; for a JSON schema response format it should be valid JSON.</summary>
    string Respond(FakeChatRequest request);
}
