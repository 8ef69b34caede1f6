namespace Gantry.Configuration.Binding;

/// <summary>Stores one parsed value of a supported option into the options being built.</summary>
internal delegate void OptionBinding(GantryOptionsBuilder options, OptionValue value);
