namespace Gantry.Protocols.FastCgi;

/// <summary>Protocol status of an END_REQUEST body (spec §5.5).</summary>
public enum FastCgiProtocolStatus : byte
{
    /// <summary>Normal end of request.</summary>
    RequestComplete = 0,

    /// <summary>Refused: a second request on a connection that the application does not multiplex.</summary>
    CantMultiplexConnection = 1,

    /// <summary>Refused: the application is out of some resource.</summary>
    Overloaded = 2,

    /// <summary>Refused: the role in BEGIN_REQUEST is not one the application plays.</summary>
    UnknownRole = 3,
}
