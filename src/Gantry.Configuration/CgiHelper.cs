namespace Gantry.Configuration;

/// <summary>
/// One <c>cgi-helper</c> (alias <c>cgi-map-helper</c>) setting, <c>SUFFIX=PROGRAM</c>, split at its first '='. uWSGI tries
/// the helpers in order and uses the first whose suffix ends the script's file name; the script then needs no execute
/// bit. Helpers apply to scripts found in a cgi directory, not to a mount that names one script.
/// </summary>
/// <param name="Extension">
/// The file-name suffix, compared byte for byte: <c>.php</c>, or <c>php</c> (which also matches <c>xphp</c>); empty
/// matches every script (uWSGI compares zero bytes).
/// </param>
/// <param name="Interpreter">
/// The program run as <c>PROGRAM SCRIPT [ARGS]</c>: one program name, never split into arguments (uWSGI hands the whole
/// value to execvp as argv[0]), looked up on PATH when it has no slash.
/// </param>
public sealed record CgiHelper(string Extension, string Interpreter);
