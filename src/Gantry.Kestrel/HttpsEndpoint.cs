using Gantry.Server.Listeners;

namespace Gantry.Kestrel;

/// <summary>One HTTPS socket: the listener Gantry bound (or a worker inherited) and the TLS files that go with it.</summary>
/// <param name="Listener">The bound socket (protocol <see cref="ListenerProtocol.Https"/>); the caller keeps owning it.</param>
/// <param name="Tls">Its certificate, key and client-certificate policy.</param>
public sealed record HttpsEndpoint(Listener Listener, TlsFiles Tls);
