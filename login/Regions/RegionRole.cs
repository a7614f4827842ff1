using Platform.Settings;

namespace Platform.Login.Regions;

internal static partial class RegionRole
{
    /// <summary>
    /// Reads and checks <c>Region:*</c> now (the session setup depends on it, so it cannot wait for the first
    /// request) and registers it; a wrong value stops the start with the reason.
    /// </summary>
    public static RegionOptions AddRegionRole(this IHostApplicationBuilder builder)
    {
        var options = builder.AddSettings<RegionOptions>();
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
