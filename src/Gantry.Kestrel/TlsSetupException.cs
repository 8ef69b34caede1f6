namespace Gantry.Kestrel;

/// <summary>An HTTPS socket cannot start: a certificate, key or CA file is missing or unusable. The message names the file and why.</summary>
public sealed class TlsSetupException(string message, Exception? inner = null) : Exception(message, inner);
