using Platform.Callers;
using Platform.Services;

namespace Platform.Insights.Scores;

internal sealed record ScoreV1(ServedBy ServedBy, string ContactId, int Score, string Model);

internal sealed record ScoreV2(ServedBy ServedBy, string ContactId, int Score, string Model, IReadOnlyList<ScoreFactor> Factors);

internal static class ScoresApi
{
    public static readonly IReadOnlyCollection<string> ImplementedVersions = ["v1", "v2"];

    public static WebApplication MapScoresApi(this WebApplication app, ServiceInstance instance)
    {
        var servedBy = ServedBy.From(instance);
        var isV1 = instance.Version == "v1";
        app.MapGet("/scores/{contactId}", IResult (string contactId, HttpContext context) =>
        {
            if (SampleActivity.Find(context.GetCaller()!.Tenant, contactId) is not { } activity)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No activity",
                    detail: $"Your tenant has no activity for contact '{contactId}'.");
            }

            if (isV1)
            {
                return TypedResults.Ok(new ScoreV1(servedBy, contactId, EngagementModels.ScoreV1(activity), "engagement-v1"));
            }

            var (score, factors) = EngagementModels.ScoreV2(activity);
            return TypedResults.Ok(new ScoreV2(servedBy, contactId, score, "engagement-v2", factors));
        }).RequireCaller();
        return app;
    }
}
