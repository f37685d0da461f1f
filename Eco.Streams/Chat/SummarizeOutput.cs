namespace Eco.Streams.Chat;

/// <summary>Output of the summarize stage.</summary>
/// <param name="Summary">The running summary (null when nothing was summarized).</param>
/// <param name="KeptTurns">How many of the most recent turns stay verbatim in the working context.</param>
/// <param name="Summarized">True when this job folded turns into the summary.</param>
public sealed record SummarizeOutput(string? Summary, int KeptTurns, bool Summarized);
