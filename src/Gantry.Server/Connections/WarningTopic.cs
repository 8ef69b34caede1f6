namespace Gantry.Server.Connections;

/// <summary>Numbers for <see cref="ConnectionServices.FirstTime"/>: each warning kind owns a range of 1000 values.</summary>
internal static class WarningTopic
{
    /// <summary>A dropped gateway variable; plus its index in <c>GatewayVariables</c>' list.</summary>
    public const int DroppedVariable = 1000;

    /// <summary>A uwsgi packet with an unsupported modifier1; plus the modifier.</summary>
    public const int UwsgiModifier = 2000;

    /// <summary>A FastCGI role other than RESPONDER; plus the role number (capped).</summary>
    public const int FastCgiRole = 3000;
}
