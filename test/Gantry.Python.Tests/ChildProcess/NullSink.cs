using Gantry.Application;

namespace Gantry.Python.Tests.ChildProcess;

/// <summary>A sink that accepts and forgets everything, allocation-free, for the benchmark loop.</summary>
public sealed class NullSink : IResponseSink
{
    public bool HeadersCommitted => false;

    public bool ClientGone => false;

    public void SetStatus(ReadOnlySpan<byte> status)
    {
    }

    public void AddHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
    }

    public bool Write(ReadOnlySpan<byte> data) => true;

    public bool WriteFile(int fileDescriptor, long offset, long count) => true;

    public bool Flush() => true;

    public void Continue() => throw new NotSupportedException("the WSGI host never waits on anything but the client");

    public bool Drain() => true;
}
