using Platform.Callers;
using Platform.Calls;
using Platform.Services;

namespace Platform.Insights.Scores;

internal sealed record ScoreV1(ServedBy ServedBy, string ContactId, int Score, string Model);

/// <summary>v2's score, with the contact's lifecycle stage it used and the calls it made to get it.</summary>
internal sealed record ScoreV2(ServedBy ServedBy, string ContactId, string Stage, int Score, string Model, IReadOnlyList<ScoreFactor> Factors, IReadOnlyList<ServiceCall> Calls);

/// <summary>A call made while answering: to which service, and the version and instance that answered, as the callee reported them.</summary>
internal sealed record ServiceCall(string Service, string Version, string Instance);

/// <summary>What contacts answers on <c>GET /contacts/{id}/lifecycle</c>, in every version.</summary>
internal sealed record ContactLifecycle(ServedBy ServedBy, string ContactId, string Stage);

internal static class ScoresApi
{
    public static readonly IReadOnlyCollection<string> ImplementedVersions = ["v1", "v2"];

    public static WebApplication MapScoresApi(this WebApplication app, ServiceInstance instance)
    {
        var servedBy = ServedBy.From(instance);
        if (instance.Version == "v1")
        {
            app.MapGet("/scores/{contactId}", IResult (string contactId, HttpContext context) =>
                SampleActivity.Find(context.GetCaller()!.Tenant, contactId) is { } activity
                    ? TypedResults.Ok(new ScoreV1(servedBy, contactId, EngagementModels.ScoreV1(activity), "engagement-v1"))
                    : NoActivity(contactId)).RequireCaller();
            return app;
        }

        app.MapGet("/scores/{contactId}", async Task<IResult> (string contactId, HttpContext context, PinnedServiceClient services) =>
        {
            if (SampleActivity.Find(context.GetCaller()!.Tenant, contactId) is not { } activity)
            {
                return NoActivity(contactId);
            }

            // The contacts version this caller is pinned to, whichever that is: v1 and v2 both answer the stage.
            if (await services.GetFromJsonAsync<ContactLifecycle>("contacts", $"/contacts/{Uri.EscapeDataString(contactId)}/lifecycle", context.RequestAborted) is not { } contact)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Contact not found",
                    detail: $"Your tenant has activity for '{contactId}' but contacts has no such contact. GET /api/contacts/contacts lists them.");
            }

            var (score, factors) = EngagementModels.ScoreV2(activity, contact.Stage);
            return TypedResults.Ok(new ScoreV2(servedBy, contactId, contact.Stage, score, "engagement-v2", factors,
                [new ServiceCall(contact.ServedBy.Service, contact.ServedBy.Version, contact.ServedBy.Instance)]));
        }).RequireCaller();
        return app;
    }

    private static IResult NoActivity(string contactId) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No activity",
        detail: $"Your tenant has no activity for contact '{contactId}'.");
}
