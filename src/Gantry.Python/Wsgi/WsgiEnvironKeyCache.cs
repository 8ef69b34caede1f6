using System.Buffers.Binary;
using Gantry.Python.Native;

namespace Gantry.Python.Wsgi;

/// <summary>
/// Environ keys by their bytes, without allocating: an open-addressing table over the key bytes. Bounded
/// (a client can invent header names): past <see cref="Capacity"/> keys, new ones are not cached and the
/// builder creates their str per request. One per WSGI thread; only touched with the GIL held.
/// </summary>
internal sealed unsafe class WsgiEnvironKeyCache
{
    /// <summary>How many keys are kept at most.</summary>
    public const int Capacity = 512;

    private const int TableSize = 1024; // a power of two, twice the capacity: probes stay short
    private readonly WsgiEnvironKey?[] _table = new WsgiEnvironKey?[TableSize];
    private readonly ulong _seed = (ulong)Random.Shared.NextInt64();

    /// <summary>Number of cached keys.</summary>
    public int Count { get; private set; }

    /// <summary>The entry for <paramref name="key"/>, created on first sight; null when full (or on a Python error).</summary>
    public WsgiEnvironKey? Get(ReadOnlySpan<byte> key) => Get(key, requiredBit: 0);

    /// <summary>As <see cref="Get(ReadOnlySpan{byte})"/>, marking a key PEP 3333 requires when it is created.</summary>
    public WsgiEnvironKey? Get(ReadOnlySpan<byte> key, int requiredBit)
    {
        var index = Hash(key) & (TableSize - 1);
        while (true)
        {
            var entry = _table[index];
            if (entry is null)
            {
                break;
            }
            if (entry.Name.AsSpan().SequenceEqual(key))
            {
                return entry;
            }
            index = (index + 1) & (TableSize - 1);
        }
        if (Count >= Capacity)
        {
            return null;
        }
        var created = CPython.NewLatin1String(key);
        if (created == 0)
        {
            return null;
        }
        // Interned like the literals in application code, so environ['PATH_INFO'] compares by identity.
        CPython.PyUnicode_InternInPlace(&created);
        var added = new WsgiEnvironKey(key.ToArray(), created, requiredBit);
        _table[index] = added;
        Count++;
        return added;
    }

    /// <summary>Releases every cached Python object (GIL held).</summary>
    public void Release()
    {
        for (var i = 0; i < _table.Length; i++)
        {
            _table[i]?.Release();
            _table[i] = null;
        }
        Count = 0;
    }

    private int Hash(ReadOnlySpan<byte> key)
    {
        var hash = _seed ^ ((ulong)key.Length * 0x9E3779B97F4A7C15UL);
        if (key.Length >= 8)
        {
            hash ^= BinaryPrimitives.ReadUInt64LittleEndian(key) * 0xC2B2AE3D27D4EB4FUL;
            hash = (hash << 31) | (hash >> 33);
            hash ^= BinaryPrimitives.ReadUInt64LittleEndian(key[^8..]) * 0x165667B19E3779F9UL;
            if (key.Length > 16)
            {
                hash ^= BinaryPrimitives.ReadUInt64LittleEndian(key[(key.Length / 2 - 4)..]) * 0x27D4EB2F165667C5UL;
            }
        }
        else
        {
            foreach (var c in key)
            {
                hash = (hash ^ c) * 0x100000001B3UL;
            }
        }
        hash ^= hash >> 29;
        hash *= 0xBF58476D1CE4E5B9UL;
        hash ^= hash >> 32;
        return (int)hash;
    }
}
