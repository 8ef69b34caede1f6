namespace Gantry.Python.Runtime;

/// <summary>
/// Maps the handle a request's Python objects carry (start_response's and write's self, wsgi.input's _handle, the ASGI
/// cycle's handle) back to the request. A handle is (generation &lt;&lt; 32 | slot): request slots are reused, and a
/// stale handle kept by an application after its response finished no longer matches the slot's generation.
/// One table per host kind (a static readonly instance on the request type: an instance, not static fields of a generic
/// class, because NativeAOT shares a reference type's generic code and every static field access of it looked the
/// static base up at run time, 1-2 % of an ASGI hello's CPU). Only touched by threads holding the GIL, which serialises
/// every access.
/// </summary>
internal sealed class RequestRegistry<T>
    where T : class, IRegisteredRequest
{
    private T?[] _slots = new T?[64];
    private int _count;

    /// <summary>Gives <paramref name="request"/> a slot for its lifetime; returns the slot index.</summary>
    public int Register(T request)
    {
        if (_count == _slots.Length)
        {
            var larger = new T?[_slots.Length * 2];
            _slots.CopyTo(larger, 0);
            _slots = larger;
        }
        _slots[_count] = request;
        return _count++;
    }

    /// <summary>Encodes a slot and generation as a handle.</summary>
    public static long Encode(int slot, int generation) => ((long)(generation & int.MaxValue) << 32) | (uint)slot;

    /// <summary>The request a handle names, or null when the handle is unknown or stale.</summary>
    public T? Find(long handle)
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
