using System.ComponentModel.DataAnnotations;

namespace Eco.Actors.Entities;

/// <summary>Passivation and supervision settings of job and conversation entities.</summary>
public sealed class EntityOptions
{
    /// <summary>Configuration section bound to these options.</summary>
    public const string SectionName = "Eco:Entities";

    /// <summary>Idle time after which an entity with no work in flight is unloaded (an ended job goes at once). Default 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan PassivateAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Restarts allowed within <see cref="RestartWindow"/> before the supervisor gives up. Default 5.</summary>
    [Range(0, 1000)]
    public int MaxRestarts { get; set; } = 5;

    /// <summary>Window over which restarts are counted. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RestartWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>First restart delay; doubles per restart up to <see cref="MaxRestartBackoff"/>. Default 100 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MinRestartBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest restart delay. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRestartBackoff { get; set; } = TimeSpan.FromSeconds(10);
}
