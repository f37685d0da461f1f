namespace Eco.Host.Hosting;

/// <summary>A setting Eco cannot start with: its message names the setting, the value and what is wrong with it.</summary>
public sealed class InvalidSettingException(string message, Exception? inner = null) : Exception(message, inner);
