namespace Gantry.Server.WebSocket;

/// <summary>
/// What a front lends a <see cref="WebSocketChannel"/>: the client's bytes received so far (the HTTP front's input
/// buffer; on HTTP/2 the DATA a Kestrel stream handed to the loop), a place for the server's frames (the connection's
/// output; the exchange's queue), its high-water mark and how it tells the host that input arrived. Loop thread only.
/// </summary>
internal interface IWebSocketTransport
{
    /// <summary>The received bytes not yet taken.</summary>
    ReadOnlySpan<byte> BufferedInput { get; }

    /// <summary>The channel took the first <paramref name="count"/> bytes of <see cref="BufferedInput"/>.</summary>
    void ConsumeInput(int count);

    /// <summary>Queues bytes for the client.</summary>
    void Write(ReadOnlySpan<byte> bytes);

    /// <summary>True when the output is below the high-water mark (after trying to send it).</summary>
    bool OutputBelowMark();

    /// <summary>Something new for the host: the front tells it once the input at hand was processed.</summary>
    void SignalArrival();

    /// <summary>True once the client went away.</summary>
    bool ClientGone { get; }

    /// <summary>The listener's address, for the log.</summary>
    string DisplayAddress { get; }
}
