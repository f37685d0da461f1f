using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Eco.FakeLlm;

/// <summary>Writes OpenAI wire JSON (chat.completion, chat.completion.chunk, error bodies) with a <see cref="Utf8JsonWriter"/>.</summary>
internal static class ChatWire
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static ReadOnlySpan<byte> DataPrefix => "data: "u8;
    public static ReadOnlySpan<byte> EventEnd => "\n\n"u8;
    public static ReadOnlySpan<byte> Done => "data: [DONE]\n\n"u8;

    /// <summary>A chunk cut off in the middle of a string: what a proxy glitch or a buggy provider might emit.</summary>
    public static ReadOnlySpan<byte> MalformedChunk => "data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"깨진\n\n"u8;

    public readonly record struct Usage(int PromptTokens, int CompletionTokens);

    public readonly record struct Envelope(string Id, long Created, string Model);

    public static void WriteChunk(Utf8JsonWriter w, in Envelope e, string? content, bool withRole, string? finishReason, Usage? usage)
    {
        w.WriteStartObject();
        WriteEnvelope(w, e, "chat.completion.chunk");
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        if (withRole) w.WriteString("role", "assistant");
        if (content is not null) w.WriteString("content", content);
        w.WriteEndObject();
        w.WriteNull("logprobs");
        if (finishReason is null) w.WriteNull("finish_reason");
        else w.WriteString("finish_reason", finishReason);
        w.WriteEndObject();
        w.WriteEndArray();
        if (usage is { } u) WriteUsage(w, u);
        w.WriteEndObject();
    }

    public static void WriteCompletion(Utf8JsonWriter w, in Envelope e, string content, string finishReason, Usage usage)
    {
        w.WriteStartObject();
        WriteEnvelope(w, e, "chat.completion");
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        w.WriteString("content", content);
        w.WriteNull("refusal");
        w.WriteEndObject();
        w.WriteNull("logprobs");
        w.WriteString("finish_reason", finishReason);
        w.WriteEndObject();
        w.WriteEndArray();
        WriteUsage(w, usage);
        w.WriteEndObject();
    }

    public static byte[] Error(string message, string type, string? code)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("message", message);
            w.WriteString("type", type);
            w.WriteNull("param");
            if (code is null) w.WriteNull("code");
            else w.WriteString("code", code);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteEnvelope(Utf8JsonWriter w, in Envelope e, string objectType)
    {
        w.WriteString("id", e.Id);
        w.WriteString("object", objectType);
        w.WriteNumber("created", e.Created);
        w.WriteString("model", e.Model);
        w.WriteString("system_fingerprint", "fp_fake");
    }

    private static void WriteUsage(Utf8JsonWriter w, Usage u)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", u.PromptTokens);
        w.WriteNumber("completion_tokens", u.CompletionTokens);
        w.WriteNumber("total_tokens", u.PromptTokens + u.CompletionTokens);
        w.WriteEndObject();
    }
}
