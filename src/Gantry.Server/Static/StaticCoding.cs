namespace Gantry.Server.Static;

/// <summary>Which representation of a static file is sent.</summary>
internal enum StaticCoding
{
    /// <summary>The file itself; it has no precompressed sibling to choose (no Vary).</summary>
    None,

    /// <summary>The file itself, although a <c>.gz</c> sibling exists: the client does not take gzip (Vary).</summary>
    IdentityWithSibling,

    /// <summary>The <c>.gz</c> sibling, with <c>Content-Encoding: gzip</c> (Vary).</summary>
    Gzip,
}
