namespace Eco.FakeLlm;

/// <summary>An image part of a chat message, as the client sent it.</summary>
/// <param name="Url">Its <c>url</c>: an http(s) URL, or a <c>data:</c> URL carrying the image.</param>
/// <param name="Detail">Its <c>detail</c> (low, high, auto), if given.</param>
public sealed record FakeImagePart(string Url, string? Detail);
