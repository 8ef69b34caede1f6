namespace Gantry.Server.Loop;

/// <summary>Work done once per loop turn, after the turn's events and services and before the loop waits again.</summary>
internal interface ILoopTurnEnd
{
    /// <summary>On the loop thread, at the end of every turn, and once more when the loop stops.</summary>
    void OnTurnEnd();
}
