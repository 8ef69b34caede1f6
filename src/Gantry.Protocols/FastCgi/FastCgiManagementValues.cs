namespace Gantry.Protocols.FastCgi;

/// <summary>
/// What an application answers to GET_VALUES (spec §4.1), written by
/// <see cref="FastCgiRecordWriter.WriteGetValuesResult(Span{byte}, ReadOnlySpan{byte}, FastCgiManagementValues)"/>.
/// </summary>
/// <param name="MaxConnections"><c>FCGI_MAX_CONNS</c>: concurrent connections accepted.</param>
/// <param name="MaxRequests"><c>FCGI_MAX_REQS</c>: concurrent requests accepted.</param>
/// <param name="MultiplexesConnections"><c>FCGI_MPXS_CONNS</c>: whether one connection may carry several requests at once.</param>
public readonly record struct FastCgiManagementValues(int MaxConnections, int MaxRequests, bool MultiplexesConnections);
