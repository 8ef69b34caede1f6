namespace Gantry.Python.Runtime;

/// <summary>Where the Python to embed lives, as <see cref="PythonLocator"/> found it.</summary>
/// <param name="LibraryPath">The libpython shared library to dlopen.</param>
/// <param name="InterpreterPath">The interpreter that goes with it (the program name), or null if none was found.</param>
/// <param name="Version">major.minor.micro, from the interpreter or the library's file name.</param>
internal sealed record PythonInstallation(string LibraryPath, string? InterpreterPath, Version Version);
