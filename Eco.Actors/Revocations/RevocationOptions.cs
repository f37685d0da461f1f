using System.ComponentModel.DataAnnotations;

namespace Eco.Actors.Revocations;

/// <summary>How revocations are kept and how every node follows them (<c>Eco:Revocations</c>).</summary>
public sealed class RevocationOptions
{
    /// <summary>Configuration section bound to these options.</summary>
    public const string SectionName = "Eco:Revocations";

    /// <summary>How often a node asks the registry for the list, beside the changes pushed to it. Default 1 s: a push can miss a
    /// node (its pub-sub subscription still spreading after it joined), and a revocation must hold everywhere within a second.
    /// The registry answers an ask only when it has something newer, so an idle cluster sends one small message per node per second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Refresh { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a token revoked without its expiry stays revoked. Default 1 day.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan DefaultTokenLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The longest a token stays revoked: a later expiry is capped to it. Set it to the longest lifetime of the tokens
    /// issued. Default 30 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Events between two snapshots of the registry (a snapshot keeps no expired token, so replays stay short). Default 100.</summary>
    [Range(1, 1_000_000)]
    public int SnapshotEvery { get; set; } = 100;
}
