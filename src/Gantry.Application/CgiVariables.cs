namespace Gantry.Application;

/// <summary>
/// The request as CGI variables (RFC 3875 §4.1, PEP 3333 environ keys): ordered latin-1 key/value pairs
/// kept in one reusable buffer, so building them allocates nothing once the buffer has grown.
/// Every front (HTTP, uwsgi, FastCGI) fills the same list, which is why the application sees the same
/// request whichever front carried it.
/// </summary>
public sealed class CgiVariables
{
    private const int InitialBytes = 4096;
    private const int InitialEntries = 32;
    private static ReadOnlySpan<byte> HttpPrefix => "HTTP_"u8;
    private static ReadOnlySpan<byte> ListSeparator => ", "u8;
    private static ReadOnlySpan<byte> CookieSeparator => "; "u8;
    private static ReadOnlySpan<byte> CookieKey => "HTTP_COOKIE"u8;

    private byte[] _bytes = new byte[InitialBytes];
    private int _used;
    private Entry[] _entries = new Entry[InitialEntries];

    /// <summary>Number of variables.</summary>
    public int Count { get; private set; }

    /// <summary>Forgets every variable, keeping the buffers.</summary>
    public void Clear()
    {
        _used = 0;
        Count = 0;
    }

    /// <summary>
    /// Shrinks the buffers to what the variables use: a request that lives long (a WebSocket; thousands may be open)
    /// keeps no spare room. The next request on the same connection grows them again.
    /// </summary>
    public void TrimExcess()
    {
        if (_bytes.Length > _used)
        {
            Array.Resize(ref _bytes, _used);
        }
        if (_entries.Length > Count)
        {
            Array.Resize(ref _entries, Count);
        }
    }

    /// <summary>The key of variable <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> KeyAt(int index) => Slice(_entries[index].KeyOffset, _entries[index].KeyLength);

    /// <summary>The value of variable <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> ValueAt(int index) => Slice(_entries[index].ValueOffset, _entries[index].ValueLength);

    /// <summary>Bytes of every key and value, added up (uWSGI's "{N vars in B bytes}" in its request log line).</summary>
    public int KeyAndValueBytes()
    {
        var bytes = 0;
        foreach (ref readonly var entry in _entries.AsSpan(0, Count))
        {
            bytes += entry.KeyLength + entry.ValueLength;
        }
        return bytes;
    }

    /// <summary>Adds a variable as is (a later duplicate key replaces nothing: both are kept, the host decides).</summary>
    public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var keyOffset = Append(key);
        var valueOffset = Append(value);
        AddEntry(new Entry(keyOffset, key.Length, valueOffset, value.Length));
    }

    /// <summary>Sets a variable, replacing the value of an existing one with the same key.</summary>
    public void Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var index = IndexOf(key);
        if (index < 0)
        {
            Add(key, value);
            return;
        }
        _entries[index].ValueOffset = Append(value);
        _entries[index].ValueLength = value.Length;
        _entries[index].ValueCapacity = value.Length;
    }

    /// <summary>
    /// Adds an HTTP request header as <c>HTTP_NAME</c> (upper case, '-' to '_'), joined to an earlier line of the same
    /// field as <see cref="AddHeaderVariable"/> does.
    /// </summary>
    public void AddHttpHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        var keyOffset = _used;
        EnsureRoom(HttpPrefix.Length + name.Length);
        HttpPrefix.CopyTo(_bytes.AsSpan(_used));
        _used += HttpPrefix.Length;
        var destination = _bytes.AsSpan(_used, name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            destination[i] = c == (byte)'-' ? (byte)'_' : (c >= 'a' && c <= 'z' ? (byte)(c - 32) : c);
        }
        _used += name.Length;
        AddOrJoin(keyOffset, _used - keyOffset, value);
    }

    /// <summary>
    /// Adds a header variable already named <c>HTTP_NAME</c> (as nginx sends one per header line over uwsgi and
    /// FastCGI). A repeated field is joined to the earlier value with ", " (RFC 9110 §5.3: the lines of a list field
    /// combine in order), Cookie with "; " (RFC 6265 §5.4, RFC 9113 §8.2.3), so every front hands the application the
    /// same value. Joining reuses the buffer; a value that keeps growing gets room to grow, so the bytes copied stay
    /// proportional to the request however the repeats are interleaved.
    /// </summary>
    public void AddHeaderVariable(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var keyOffset = Append(key);
        AddOrJoin(keyOffset, key.Length, value);
    }

    /// <summary>Finds a variable by key; returns its index or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> key)
    {
        for (var i = 0; i < Count; i++)
        {
            ref var entry = ref _entries[i];
            if (entry.KeyLength == key.Length && Slice(entry.KeyOffset, entry.KeyLength).SequenceEqual(key))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Looks a variable up by key.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        var index = IndexOf(key);
        value = index < 0 ? default : ValueAt(index);
        return index >= 0;
    }

    /// <summary>The key just written at <paramref name="keyOffset"/> gets <paramref name="value"/>, or its earlier value gets it joined.</summary>
    private void AddOrJoin(int keyOffset, int keyLength, ReadOnlySpan<byte> value)
    {
        var key = _bytes.AsSpan(keyOffset, keyLength);
        var existing = IndexOf(key);
        if (existing < 0)
        {
            var valueOffset = Append(value);
            AddEntry(new Entry(keyOffset, keyLength, valueOffset, value.Length));
            return;
        }
        var separator = key.SequenceEqual(CookieKey) ? CookieSeparator : ListSeparator;
        _used = keyOffset;
        JoinValue(existing, value, separator);
    }

    /// <summary>
    /// Appends <paramref name="separator"/> and <paramref name="more"/> to a value: in place when its room allows (it
    /// ends the buffer, or it was moved with spare room before), else moved to the end with room for as much again.
    /// </summary>
    private void JoinValue(int index, ReadOnlySpan<byte> more, ReadOnlySpan<byte> separator)
    {
        ref var entry = ref _entries[index];
        var length = entry.ValueLength + separator.Length + more.Length;
        if (entry.ValueOffset + entry.ValueCapacity == _used)
        {
            EnsureRoom(length - entry.ValueCapacity);
            _used = entry.ValueOffset + Math.Max(length, entry.ValueCapacity);
            entry.ValueCapacity = _used - entry.ValueOffset;
        }
        else if (length > entry.ValueCapacity)
        {
            var capacity = 2 * length;
            EnsureRoom(capacity);
            _bytes.AsSpan(entry.ValueOffset, entry.ValueLength).CopyTo(_bytes.AsSpan(_used));
            entry.ValueOffset = _used;
            entry.ValueCapacity = capacity;
            _used += capacity;
        }
        var destination = _bytes.AsSpan(entry.ValueOffset + entry.ValueLength);
        separator.CopyTo(destination);
        more.CopyTo(destination[separator.Length..]);
        entry.ValueLength = length;
    }

    private int Append(ReadOnlySpan<byte> data)
    {
        EnsureRoom(data.Length);
        var offset = _used;
        data.CopyTo(_bytes.AsSpan(offset));
        _used += data.Length;
        return offset;
    }

    private void AddEntry(Entry entry)
    {
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, Math.Max(InitialEntries, _entries.Length * 2));
        }
        _entries[Count++] = entry;
    }

    private void EnsureRoom(int length)
    {
        if (_used + length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + length));
        }
    }

    private ReadOnlySpan<byte> Slice(int offset, int length) => _bytes.AsSpan(offset, length);

    private struct Entry(int keyOffset, int keyLength, int valueOffset, int valueLength)
    {
        public int KeyOffset = keyOffset;
        public int KeyLength = keyLength;
        public int ValueOffset = valueOffset;
        public int ValueLength = valueLength;

        /// <summary>Bytes the value may fill at <see cref="ValueOffset"/> (more than its length once joined).</summary>
        public int ValueCapacity = valueLength;
    }
}
