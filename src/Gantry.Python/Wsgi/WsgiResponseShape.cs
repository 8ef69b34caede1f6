namespace Gantry.Python.Wsgi;

/// <summary>How the host walks an application's return value.</summary>
internal enum WsgiResponseShape
{
    /// <summary>Exactly a list: items by index, without the iterator protocol.</summary>
    List,

    /// <summary>Exactly a tuple: items by index.</summary>
    Tuple,

    /// <summary>
    /// Anything else iterable (generators, framework responses): PyIter_Next, each non-empty block sent before the
    /// next is asked for (PEP 3333 "Buffering and Streaming").
    /// </summary>
    Iterator,

    /// <summary>The iterator of a list or a tuple: PyIter_Next runs no application code, so blocks may be staged.</summary>
    InHandIterator,

    /// <summary>A bytes object: the whole body in one write (a uWSGI extension).</summary>
    Bytes,

    /// <summary>A wsgi.file_wrapper over a regular file, handed to the front as a file range.</summary>
    File,
}
