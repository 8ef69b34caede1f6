using Gantry.Server.Listeners;

namespace Gantry.Server.Connections;

/// <summary>
/// The connection factory of one protocol on one loop: turns an accepted socket into a connection object of that
/// protocol, reusing closed ones (their buffers stay allocated, so a new connection costs no allocation once warm).
/// </summary>
internal sealed class ConnectionPool
{
    private const int MaxIdle = 1024;

    private readonly Stack<Connection> _idle = new();
    private readonly Func<ConnectionPool, Connection> _create;

    /// <param name="create">Makes a new connection object that returns itself to this pool when it closes.</param>
    public ConnectionPool(Func<ConnectionPool, Connection> create)
    {
        _create = create;
    }

    /// <summary>Starts serving a freshly accepted socket.</summary>
    public void Accept(int fd, Listener listener, ReadOnlySpan<byte> sockaddr)
    {
        var connection = _idle.Count > 0 ? _idle.Pop() : _create(this);
        connection.Open(fd, listener, sockaddr);
    }

    /// <summary>Takes a closed connection back for reuse.</summary>
    public void Return(Connection connection)
    {
        if (_idle.Count < MaxIdle)
        {
            _idle.Push(connection);
        }
        else
        {
            connection.Dispose();
        }
    }
}
