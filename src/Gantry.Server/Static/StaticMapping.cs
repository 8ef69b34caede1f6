namespace Gantry.Server.Static;

/// <summary>
/// One static root. A request whose PATH_INFO starts with <see cref="Mountpoint"/> (a plain prefix, as uWSGI
/// compares it: <c>/static</c> also matches <c>/staticfoo</c>) is looked up under <see cref="Root"/>.
/// </summary>
/// <param name="Mountpoint">PATH_INFO prefix; empty for <c>check-static</c>.</param>
/// <param name="Root">Directory (or single file) the mountpoint maps to; symlinks in it are resolved at start-up.</param>
/// <param name="AppendWholePath">
/// True for <c>static-map2</c> and <c>check-static</c> (Root + whole PATH_INFO); false for <c>static-map</c>
/// (Root + PATH_INFO after the mountpoint).
/// </param>
public sealed record StaticMapping(string Mountpoint, string Root, bool AppendWholePath);
