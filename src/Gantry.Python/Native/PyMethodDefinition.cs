using System.Runtime.InteropServices;

namespace Gantry.Python.Native;

/// <summary>
/// <c>struct PyMethodDef</c> (Include/methodobject.h, part of the stable ABI): how Python sees a C function.
/// Instances live in native memory for the life of the process because the function objects made from them
/// keep pointing at them.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PyMethodDefinition
{
    /// <summary><c>METH_VARARGS</c>: called as f(self, args_tuple).</summary>
    public const int METH_VARARGS = 0x0001;

    /// <summary><c>METH_KEYWORDS</c>: combined with METH_FASTCALL, receives a tuple of keyword names.</summary>
    public const int METH_KEYWORDS = 0x0002;

    /// <summary><c>METH_NOARGS</c>: called as f(self, NULL).</summary>
    public const int METH_NOARGS = 0x0004;

    /// <summary><c>METH_O</c>: called as f(self, arg).</summary>
    public const int METH_O = 0x0008;

    /// <summary><c>METH_FASTCALL</c> (stable ABI since 3.10): called as f(self, PyObject *const *args, Py_ssize_t nargs).</summary>
    public const int METH_FASTCALL = 0x0080;

    /// <summary><c>const char *ml_name</c>.</summary>
    public byte* Name;

    /// <summary><c>PyCFunction ml_meth</c>.</summary>
    public void* Function;

    /// <summary><c>int ml_flags</c>.</summary>
    public int Flags;

    /// <summary><c>const char *ml_doc</c>.</summary>
    public byte* Documentation;

    /// <summary>Allocates a definition in native memory that is never freed (Python keeps pointing at it).</summary>
    /// <param name="name">A null-terminated UTF-8 name; u8 literals are null-terminated and never move.</param>
    public static PyMethodDefinition* AllocatePermanent(ReadOnlySpan<byte> name, void* function, int flags)
    {
        var definition = (PyMethodDefinition*)NativeMemory.AllocZeroed((nuint)sizeof(PyMethodDefinition));
        definition->Name = PermanentString(name);
        definition->Function = function;
        definition->Flags = flags;
        return definition;
    }

    /// <summary>Copies <paramref name="text"/> into never-freed native memory with a terminating NUL.</summary>
    public static byte* PermanentString(ReadOnlySpan<byte> text)
    {
        var copy = (byte*)NativeMemory.Alloc((nuint)text.Length + 1);
        text.CopyTo(new Span<byte>(copy, text.Length));
        copy[text.Length] = 0;
        return copy;
    }
}
