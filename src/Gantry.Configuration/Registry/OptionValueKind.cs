namespace Gantry.Configuration.Registry;

/// <summary>The syntax an option's value must have; the reader and the docs both use it.</summary>
internal enum OptionValueKind
{
    /// <summary>Free text (a path, a module name, a user name).</summary>
    Text,

    /// <summary>A boolean flag: given alone it means true; uWSGI's rule makes every value true except false/off/no/0.</summary>
    Flag,

    /// <summary>A whole number, read like C's <c>atoi</c>: leading digits count, trailing text is ignored.</summary>
    Integer,

    /// <summary>A byte count (uWSGI reads it with <c>strtoul</c>, no unit suffixes).</summary>
    Bytes,

    /// <summary>A number of megabytes (uWSGI multiplies it by 1 MiB).</summary>
    Megabytes,

    /// <summary><c>KEY=VALUE</c>.</summary>
    KeyValue,

    /// <summary>Three octal digits such as 660 (uWSGI also takes an empty value or 1, meaning 666).</summary>
    OctalMode,

    /// <summary>A socket address: <c>host:port</c>, <c>:port</c>, <c>/path.sock</c> or <c>@abstract</c>.</summary>
    Address,

    /// <summary>Another configuration file, read in place (<c>file.ini</c> or <c>file.ini:section</c>).</summary>
    ConfigFile,
}
