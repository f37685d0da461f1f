namespace Eco.Actors.Jobs;

/// <summary>Marker of the job messages that may cross nodes (bound to <see cref="JobMessageSerializer"/>).</summary>
public interface IJobProtocol;
