namespace Eco.Actors.Jobs;

/// <summary>A job's actor tells itself to write the stage completions it holds, after the messages already in its mailbox.</summary>
internal sealed record WriteFinished
{
    public static readonly WriteFinished Instance = new();

    private WriteFinished()
    {
    }
}
