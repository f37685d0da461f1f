namespace Eco.Streams.Llm;

/// <summary>Something that happened on the way to an answer, worth a journal event and a metric.</summary>
/// <param name="Kind"><c>waiting</c> (a rate budget held the call), <c>retry</c>, or <c>fallback</c>.</param>
/// <param name="Provider">The provider concerned.</param>
/// <param name="Detail">Why, for people.</param>
/// <param name="Delay">How long it waited or will wait.</param>
public sealed record ModelNotice(string Kind, string Provider, string Detail, TimeSpan Delay);
