namespace Gantry.Master.Stats;

/// <summary>One listening socket as the stats document lists it (uWSGI's <c>sockets[]</c>).</summary>
/// <param name="Name">The address as configured ("127.0.0.1:8000", "/run/app.sock").</param>
/// <param name="Protocol">"http", "uwsgi", "fastcgi", "https" (uWSGI's names), "httptohttps".</param>
/// <param name="Fd">The master's descriptor, whose listen queue is read (TCP_INFO) at each document.</param>
/// <param name="MaxQueue">The backlog it was bound with (--listen).</param>
/// <param name="IsTcp">True for TCP (its queue can be read); a unix socket's queue is reported as 0.</param>
public sealed record StatsSocket(string Name, string Protocol, int Fd, int MaxQueue, bool IsTcp);
