using Microsoft.Extensions.Options;

namespace Eco.Host.Hosting;

/// <summary>Tells a configuration mistake from a failure, for <c>eco serve</c>: a mistake gets one line in our words, not a stack trace.</summary>
internal static class StartupErrors
{
    /// <summary>The reason, when <paramref name="error"/> (or an exception inside it) is a configuration mistake; otherwise null.</summary>
    public static string? ConfigurationMistake(Exception error)
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case InvalidSettingException setting:
                    return setting.Message;
                case OptionsValidationException validation:
                    return string.Join("; ", validation.Failures.Select(f => f.Replace("DataAnnotation validation failed for ", "", StringComparison.Ordinal)));
                case InvalidOperationException binding when binding.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                    return binding.InnerException is { } cause ? $"{binding.Message.TrimEnd('.')}: {cause.Message}" : binding.Message;
                case FileNotFoundException missing when missing.Message.StartsWith("The configuration file", StringComparison.Ordinal):
                    return missing.Message; // names the file and the path it looked at
                case InvalidDataException json:
                    return json.Message; // a configuration file that is not valid JSON: the provider names the file and the line
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    return ConfigurationMistake(aggregate.InnerExceptions[0]);
            }
        }
        return null;
    }
}
