namespace Gantry.Server.Static;

/// <summary>
/// One <c>static-expires*</c> line: when <see cref="Pattern"/> matches the <see cref="Subject"/>, the response gets
/// <c>Expires: now + Seconds</c> (or file mtime + Seconds for the <c>-mtime</c> variants).
/// </summary>
/// <param name="Subject">What is matched.</param>
/// <param name="Pattern">A regular expression (searched, as PCRE does for uWSGI), or for <see cref="StaticExpiresSubject.ContentType"/> the exact type.</param>
/// <param name="Seconds">Lifetime added to the base time.</param>
/// <param name="FromModificationTime">True for the <c>-mtime</c> variants.</param>
public sealed record StaticExpiresRule(StaticExpiresSubject Subject, string Pattern, long Seconds, bool FromModificationTime);
