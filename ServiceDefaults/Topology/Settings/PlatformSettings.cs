using Microsoft.Extensions.Configuration;

namespace Platform.Settings;

/// <summary>
/// A section of settings: an options class bound from <see cref="Section"/>. The AppHost and every process bind the
/// same class, so each configuration key is spelled once, as a property name.
/// </summary>
public interface ISettings
{
    /// <summary>The configuration section, e.g. <c>Store</c>.</summary>
    static abstract string Section { get; }

    /// <summary>What is wrong with the bound values, one sentence each that says what to do; empty when valid.</summary>
    IEnumerable<string> Problems();
}

public static class PlatformSettings
{
    /// <summary>Binds <typeparamref name="T"/> from its section and fails with every problem found, naming the section.</summary>
    public static T Read<T>(IConfiguration configuration) where T : class, ISettings, new()
    {
        T settings;
        try
        {
            settings = configuration.GetSection(T.Section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key and the value it could not convert (e.g. an unknown enum name).
            throw new SettingsException($"Settings '{T.Section}' are invalid: {e.Message}{(e.InnerException is { } inner ? " " + inner.Message : "")}", e);
        }

        var problems = settings.Problems().ToList();
        return problems.Count == 0
            ? settings
            : throw new SettingsException($"Settings '{T.Section}' are invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
    }

    /// <summary>
    /// The environment variable that sets <c>{Section}:{key}</c> in another process: how the AppHost hands a
    /// setting to a project. Pass the key as <c>nameof(StoreOptions.Kind)</c>, so it is never spelled again.
    /// </summary>
    public static string EnvironmentVariable<T>(string key) where T : ISettings => $"{T.Section}__{key}";
}

/// <summary>Settings that cannot work; the message lists every problem and says what to do.</summary>
public sealed class SettingsException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
