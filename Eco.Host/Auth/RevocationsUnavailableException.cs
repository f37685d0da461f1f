namespace Eco.Host.Auth;

/// <summary>A node still starting has not received the cluster's revocation list: it cannot tell a revoked token yet.</summary>
internal sealed class RevocationsUnavailableException()
    : Exception("this node is still receiving the cluster's token revocation list; try again in a moment");
