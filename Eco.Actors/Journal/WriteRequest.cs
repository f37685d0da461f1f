namespace Eco.Actors.Journal;

/// <summary>One unit of work for the journal's single writer.</summary>
internal abstract class WriteRequest
{
    public abstract int EventCount { get; }

    /// <summary>Called after COMMIT: releases the caller with the outcome decided inside the transaction.</summary>
    public abstract void Complete();

    /// <summary>Called when the transaction itself failed: the caller gets the storage fault.</summary>
    public abstract void Fail(Exception error);
}
