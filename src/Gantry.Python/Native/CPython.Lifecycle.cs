namespace Gantry.Python.Native;

/// <summary>Interpreter lifecycle, threads and the GIL, modules and code execution.</summary>
internal static unsafe partial class CPython
{
    /// <summary>
    /// <c>void Py_SetProgramName(const wchar_t *)</c>: deprecated since 3.11 but exported through 3.13 and the
    /// only way, with exported functions alone, to make getpath find pyvenv.cfg and the prefix of the
    /// interpreter we name. The string must outlive the interpreter.
    /// </summary>
    public static delegate* unmanaged<nint, void> Py_SetProgramName;
    public static delegate* unmanaged<int, void> Py_InitializeEx;

    /// <summary>
    /// <c>int Py_OptimizeFlag</c>: the legacy global behind <c>python -O</c>, read by Py_InitializeEx; deprecated since
    /// 3.12 but exported through 3.13. Null when this libpython lacks it (optional: only optimize needs it).
    /// </summary>
    public static int* Py_OptimizeFlag;
    public static delegate* unmanaged<int> Py_FinalizeEx;
    public static delegate* unmanaged<int> Py_IsInitialized;
    public static delegate* unmanaged<byte*> Py_GetVersion;

    /// <summary><c>PyThreadState *PyEval_SaveThread(void)</c>: releases the GIL, returns the thread state.</summary>
    public static delegate* unmanaged<nint> PyEval_SaveThread;

    /// <summary><c>void PyEval_RestoreThread(PyThreadState *)</c>: takes the GIL back.</summary>
    public static delegate* unmanaged<nint, void> PyEval_RestoreThread;

    /// <summary><c>PyGILState_STATE PyGILState_Ensure(void)</c>: creates this OS thread's state on first use.</summary>
    public static delegate* unmanaged<int> PyGILState_Ensure;
    public static delegate* unmanaged<int, void> PyGILState_Release;
    public static delegate* unmanaged<int> PyGILState_Check;

    public static delegate* unmanaged<byte*, nint> PyImport_ImportModule;

    /// <summary>Borrowed reference.</summary>
    public static delegate* unmanaged<byte*, nint> PyImport_AddModule;

    /// <summary>Borrowed reference.</summary>
    public static delegate* unmanaged<nint, nint> PyModule_GetDict;

    /// <summary>Borrowed reference (<c>sys.stderr</c>…); null without an exception when absent.</summary>
    public static delegate* unmanaged<byte*, nint> PySys_GetObject;

    /// <summary><c>PyObject *PyRun_StringFlags(const char *, int start, PyObject *globals, PyObject *locals, PyCompilerFlags *)</c>.</summary>
    public static delegate* unmanaged<byte*, int, nint, nint, nint, nint> PyRun_StringFlags;

    /// <summary><c>PyObject *PyCFunction_NewEx(PyMethodDef *, PyObject *self, PyObject *module)</c>: a macro in headers, still exported.</summary>
    public static delegate* unmanaged<PyMethodDefinition*, nint, nint, nint> PyCFunction_NewEx;

    private static void BindLifecycle(ExportResolver resolver)
    {
        Py_SetProgramName = (delegate* unmanaged<nint, void>)resolver.Resolve(nameof(Py_SetProgramName));
        Py_InitializeEx = (delegate* unmanaged<int, void>)resolver.Resolve(nameof(Py_InitializeEx));
        Py_OptimizeFlag = (int*)resolver.ResolveOptional(nameof(Py_OptimizeFlag));
        Py_FinalizeEx = (delegate* unmanaged<int>)resolver.Resolve(nameof(Py_FinalizeEx));
        Py_IsInitialized = (delegate* unmanaged<int>)resolver.Resolve(nameof(Py_IsInitialized));
        Py_GetVersion = (delegate* unmanaged<byte*>)resolver.Resolve(nameof(Py_GetVersion));
        PyEval_SaveThread = (delegate* unmanaged<nint>)resolver.Resolve(nameof(PyEval_SaveThread));
        PyEval_RestoreThread = (delegate* unmanaged<nint, void>)resolver.Resolve(nameof(PyEval_RestoreThread));
        PyGILState_Ensure = (delegate* unmanaged<int>)resolver.Resolve(nameof(PyGILState_Ensure));
        PyGILState_Release = (delegate* unmanaged<int, void>)resolver.Resolve(nameof(PyGILState_Release));
        PyGILState_Check = (delegate* unmanaged<int>)resolver.Resolve(nameof(PyGILState_Check));
        PyImport_ImportModule = (delegate* unmanaged<byte*, nint>)resolver.Resolve(nameof(PyImport_ImportModule));
        PyImport_AddModule = (delegate* unmanaged<byte*, nint>)resolver.Resolve(nameof(PyImport_AddModule));
        PyModule_GetDict = (delegate* unmanaged<nint, nint>)resolver.Resolve(nameof(PyModule_GetDict));
        PySys_GetObject = (delegate* unmanaged<byte*, nint>)resolver.Resolve(nameof(PySys_GetObject));
        PyRun_StringFlags = (delegate* unmanaged<byte*, int, nint, nint, nint, nint>)resolver.Resolve(nameof(PyRun_StringFlags));
        PyCFunction_NewEx = (delegate* unmanaged<PyMethodDefinition*, nint, nint, nint>)resolver.Resolve(nameof(PyCFunction_NewEx));
    }
}
