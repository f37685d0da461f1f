using System.Diagnostics.CodeAnalysis;

namespace Eco.Actors.Jobs;

/// <summary>Identifies one job: the persistence id of its entity and of its event stream.</summary>
/// <remarks>Ids are 1–64 characters of ASCII letters, digits, '-' and '_' so they are safe in URLs, file names and SQL keys.</remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(JobIdJsonConverter))]
public readonly record struct JobId
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxLength = 64;

    private JobId(string value) => Value = value;

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>Creates a new, time-ordered id (UUID v7 without dashes), so new jobs land at the end of the journal's index.</summary>
    public static JobId New() => new(Guid.CreateVersion7().ToString("N"));

    /// <summary>Parses an id, or throws <see cref="FormatException"/> with the reason.</summary>
    public static JobId Parse(string value) =>
        TryParse(value, out var id, out var error) ? id : throw new FormatException(error);

    /// <summary>Parses an id; on failure returns false and a reason a person can read.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out JobId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        if (string.IsNullOrEmpty(value))
        {
            error = "job id is empty";
            return false;
        }
        if (value.Length > MaxLength)
        {
            error = $"job id is longer than {MaxLength} characters";
            return false;
        }
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                error = "job id may contain only ASCII letters, digits, '-' and '_'";
                return false;
            }
        }
        id = new JobId(value);
        error = null;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
