using Gantry.Application;
using Microsoft.Win32.SafeHandles;

namespace Gantry.Server.Static;

/// <summary>
/// Owns the open file of a static response until its last byte left: the connection resumes this continuation only
/// once the queued file range was sent, and aborts it when the client went away; either way the file is closed.
/// </summary>
internal sealed class StaticFileTransfer(SafeFileHandle handle) : IResponseContinuation
{
    /// <summary>The descriptor handed to <see cref="IResponseSink.WriteFile"/>.</summary>
    public int Descriptor => (int)handle.DangerousGetHandle();

    /// <inheritdoc />
    public ApplicationStep Resume(IResponseSink response)
    {
        handle.Dispose();
        return ApplicationStep.Completed;
    }

    /// <inheritdoc />
    public void Abort() => handle.Dispose();
}
