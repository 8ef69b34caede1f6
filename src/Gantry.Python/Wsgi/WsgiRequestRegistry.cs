namespace Gantry.Python.Wsgi;

/// <summary>
/// Maps the handle a request's Python objects carry (start_response's and write's self, wsgi.input's
/// _handle) back to the request. A handle is (generation &lt;&lt; 32 | slot): request slots are reused, and a
/// stale handle kept by an application after its response finished no longer matches the slot's generation.
/// Only touched by threads holding the GIL, which serialises every access.
/// </summary>
internal static class WsgiRequestRegistry
{
    private static WsgiRequest?[] _slots = new WsgiRequest?[64];
    private static int _count;

    /// <summary>Gives <paramref name="request"/> a slot for its lifetime; returns the slot index.</summary>
    public static int Register(WsgiRequest request)
    {
        if (_count == _slots.Length)
        {
            var larger = new WsgiRequest?[_slots.Length * 2];
            _slots.CopyTo(larger, 0);
            _slots = larger;
        }
        _slots[_count] = request;
        return _count++;
    }

    /// <summary>Encodes a slot and generation as a handle.</summary>
    public static long Encode(int slot, int generation) => ((long)(generation & int.MaxValue) << 32) | (uint)slot;

    /// <summary>The request a handle names, or null when the handle is unknown or stale.</summary>
    public static WsgiRequest? Find(long handle)
    {
        var slot = (int)(handle & uint.MaxValue);
        var generation = (int)(handle >> 32);
        var slots = _slots;
        if (slot < 0 || slot >= slots.Length)
        {
            return null;
        }
        var request = slots[slot];
        return request is not null && (request.Generation & int.MaxValue) == generation ? request : null;
    }
}
