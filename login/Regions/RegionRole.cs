using Microsoft.Extensions.Options;

namespace Platform.Login.Regions;

/// <summary>
/// Which part this login plays in a multi-region deployment (<c>Region:*</c>; the AWS manifests set it per region).
/// The primary region owns the writable assignment store and creates the session keys; a secondary reads replicas
/// of both (an ElastiCache Global Datastore secondary refuses writes), so it signs users in with the versions and
/// keys replicated from the primary, and refuses admin changes with a 503 that names the primary.
/// Without the settings (local runs, one region) login is primary.
/// </summary>
internal sealed class RegionOptions
{
    public const string SectionName = "Region";

    /// <summary>This region's name, e.g. <c>us-east-1</c>; only used in messages.</summary>
    public string? Name { get; set; }

    /// <summary><c>primary</c> (the default) or <c>secondary</c>.</summary>
    public string Role { get; set; } = "primary";

    /// <summary>The primary region's name; required in a secondary, so the 503 can say where to go.</summary>
    public string? Primary { get; set; }

    public bool IsSecondary => string.Equals(Role, "secondary", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes assignments and creates Data Protection keys: only the primary.</summary>
    public bool Writes => !IsSecondary;

    public IEnumerable<string> Problems()
    {
        if (!string.Equals(Role, "primary", StringComparison.OrdinalIgnoreCase) && !IsSecondary)
        {
            yield return $"Region:Role is '{Role}'; use 'primary' or 'secondary'.";
        }

        if (IsSecondary && string.IsNullOrWhiteSpace(Primary))
        {
            yield return "Region:Role is 'secondary' but Region:Primary (the primary region's name) is not set.";
        }
    }
}

internal static partial class RegionRole
{
    /// <summary>
    /// Reads and checks <c>Region:*</c> now (the session setup depends on it, so it cannot wait for the first
    /// request) and registers it; a wrong value stops the start with the reason.
    /// </summary>
    public static RegionOptions AddRegionRole(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RegionOptions.SectionName).Get<RegionOptions>() ?? new RegionOptions();
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(RegionOptions.SectionName, typeof(RegionOptions), problems);
        }

        builder.Services.AddSingleton(options);
        return options;
    }

    /// <summary>In a secondary region, admin writes get 503 naming the primary region; reads and sign-in go on.</summary>
    public static WebApplication UseRegionWriteGuard(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<RegionOptions>();
        if (!options.IsSecondary)
        {
            return app;
        }

        LogSecondary(app.Logger, options.Name ?? "(unnamed)", options.Primary!);
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!request.Path.StartsWithSegments("/admin") || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
            {
                await next(context);
                return;
            }

            await TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Changes are made in the primary region",
                detail: $"This region ({options.Name}) serves a read-only replica of the assignments. Make the change in the primary region, {options.Primary}; it reaches this region by replication.",
                extensions: new Dictionary<string, object?> { ["primaryRegion"] = options.Primary })
                .ExecuteAsync(context);
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Region {Region} is a secondary: assignments and session keys are read from the replica of {Primary}; admin changes get 503.")]
    private static partial void LogSecondary(ILogger logger, string region, string primary);
}
