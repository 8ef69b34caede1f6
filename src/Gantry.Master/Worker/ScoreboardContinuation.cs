using Gantry.Application;

namespace Gantry.Master.Worker;

/// <summary>A paused response seen through the scoreboard: busy while it produces, finished when it ends.</summary>
internal sealed class ScoreboardContinuation(ScoreboardThread thread, IResponseContinuation inner) : IResponseContinuation
{
    public ApplicationStep Resume(IResponseSink response)
    {
        thread.Resumed();
        var step = inner.Resume(response);
        if (step is ApplicationStep.Suspended or ApplicationStep.Pending)
        {
            thread.Paused();
        }
        else
        {
            thread.Finish();
        }
        return step;
    }

    public void Abort()
    {
        inner.Abort();
        thread.Finish();
    }
}
