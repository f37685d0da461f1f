namespace Eco.Streams.Llm;

/// <summary>What a model call is for, as data: remote models read the rendered messages, the offline model reads this.</summary>
public abstract record ModelTask;
