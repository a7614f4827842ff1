using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Platform.Settings;

public static class SettingsExtensions
{
    /// <summary>
    /// Binds a settings section once: returns it for composing the app now, and registers it as
    /// <see cref="IOptions{TOptions}"/> validated on start. Invalid settings stop the process with every problem listed.
    /// </summary>
    public static T AddSettings<T>(this IHostApplicationBuilder builder) where T : class, ISettings, new()
    {
        var settings = PlatformSettings.Read<T>(builder.Configuration);
        // Features may ask for the same section (login's store and the session both read Dapr, say): register once.
        if (!builder.Services.Any(d => d.ImplementationType == typeof(SettingsValidator<T>)))
        {
            builder.Services.AddOptions<T>().BindConfiguration(T.Section).ValidateOnStart();
            builder.Services.AddSingleton<IValidateOptions<T>, SettingsValidator<T>>();
        }

        return settings;
    }

    private sealed class SettingsValidator<T> : IValidateOptions<T> where T : class, ISettings
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            options.Problems().ToList() is { Count: > 0 } problems
                ? ValidateOptionsResult.Fail(problems.Select(p => $"{T.Section}: {p}"))
                : ValidateOptionsResult.Success;
    }
}
