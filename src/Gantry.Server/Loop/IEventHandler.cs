namespace Gantry.Server.Loop;

/// <summary>Something registered in an <see cref="EventLoop"/>: a listener, a connection, the wake-up eventfd.</summary>
internal interface IEventHandler
{
    /// <summary>The descriptor is ready; <paramref name="events"/> is the epoll event mask.</summary>
    void OnEvents(uint events);

    /// <summary>About once a second, for timeouts. <paramref name="now"/> is a <see cref="TimeProvider"/> timestamp.</summary>
    void OnTick(long now);

    /// <summary>The loop is shutting down gracefully: stop taking new work; close when idle.</summary>
    void OnShutdown();

    /// <summary>True while this handler still has work that a graceful shutdown should wait for.</summary>
    bool IsBusy { get; }
}
